"""A service told to stop (SIGTERM, as Kubernetes does in a rolling update) takes no new
requests, answers the one it is working on, and exits by itself."""
import os
import random
import signal
import time
from concurrent.futures import ThreadPoolExecutor

from faults_api import RPC_TIMEOUT, SERVICE_RPC_TIMEOUT, client, open_shop, order_body
from orders_placed import references


def test_orders_answers_the_order_it_is_placing_when_told_to_stop_and_then_exits(stack, operator, base_url, rpc,
                                                                                  databases):
    shop = open_shop(operator, base_url, rpc, stock=[50, 50, 50])
    catalogs = [stack.processes.pid(name) for name in stack.settings.replica_names("catalog")]
    replicas = {name: stack.processes.pid(name) for name in stack.settings.replica_names("orders")}
    # Every catalog frozen keeps orders' create_order waiting for its reservation
    # (SERVICE_RPC_TIMEOUT): a slow RPC, in flight when orders is told to stop.
    for catalog in catalogs:
        os.kill(catalog, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(1) as pool:
            placing = pool.submit(client(operator).post, f"{base_url}/api/v1/orders",
                                  json=order_body(shop, "STOP-1", random.Random(7)), timeout=RPC_TIMEOUT + 5)
            deadline = time.monotonic() + RPC_TIMEOUT
            while "STOP-1" not in references(databases.orders, shop.customer_id):  # committed: now asking catalog
                assert time.monotonic() < deadline, "orders never stored the order"
                time.sleep(0.05)
            for pid in replicas.values():  # whichever replica took it is told to stop
                os.kill(pid, signal.SIGTERM)
            placed = placing.result()
    finally:
        for catalog in catalogs:
            os.kill(catalog, signal.SIGCONT)
    assert placed.status_code == 201, placed.text
    assert placed.json()["reference"] == "STOP-1" and placed.json()["status"] == "processing"
    for name, pid in replicas.items():
        stack.processes.wait_restarted(name, pid, timeout=SERVICE_RPC_TIMEOUT + 30)
        assert stack.processes.exits()[name].last == "exited with code 0"
    stack.wait_until_consuming(["orders"], timeout=60)
