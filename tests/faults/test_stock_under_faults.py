"""Stock reservation between orders and catalog under faults: a catalog that does not answer,
broker connections closed under load, a catalog killed mid-batch. Afterwards orders and catalog
agree on every unit (`assert_stock_consistent`). The killing test runs last: a fault left
unrepaired would otherwise fail the tests after it (see conftest's every_process_running)."""
import itertools
import os
import random
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, text

from e2e_api import portal_login
from faults_api import (ALLOCATION_RECONCILE_SECONDS, FAULTS_AMQP_URI, PASSWORD, RPC_TIMEOUT, client,
                        close_broker_connections, not_running, once, open_shop, order_body, restart_a_replica, send,
                        stock_arriving, timed)
from orders_placed import orders_made_once, references, succeeded
from stock_consistency import Databases, assert_stock_consistent, read_state

# A request while the catalog hangs answers once the gateway's RPC timeout has passed, with a margin.
ANSWER_WITHIN = RPC_TIMEOUT + 2
# The reconciliation in orders repairs a half-done allocation within its period; a margin for the rest.
REPAIRED_WITHIN = ALLOCATION_RECONCILE_SECONDS + 13


def allocated_in_full(databases: Databases, customer_id: int, reference: str) -> tuple[bool, str]:
    """Whether the order exists once with every line allocated; and what there is."""
    ids = references(databases.orders, customer_id).get(reference, [])
    lines = [(line.allocated, line.amount) for line in read_state(databases, [customer_id]).lines
             if line.order_id in ids]
    return len(ids) == 1 and all(allocated == amount for allocated, amount in lines), (
        f"order ids {ids}, lines (allocated, amount) {lines}")


def eventually(check: Callable[[], tuple[bool, str]], within: float) -> tuple[bool, str]:
    """Poll `check` (whether it holds, and what it saw) until it holds or `within` seconds pass."""
    deadline = time.monotonic() + within
    while True:
        holds, seen = check()
        if holds or time.monotonic() > deadline:
            return holds, seen
        time.sleep(0.5)


def transactions_held(orders: Engine) -> dict[int, str]:
    """orders' sessions (by pid) that have kept a transaction open for over a second while idle or
    holding row locks (rows locked FOR UPDATE or written, whose table locks show in pg_locks)."""
    with orders.connect() as connection:
        rows = connection.execute(text("""
            SELECT a.pid, a.state, round(extract(epoch FROM now() - a.xact_start)::numeric, 1), left(a.query, 100)
            FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
              AND a.xact_start < now() - interval '1 second'
              AND (a.state = 'idle in transaction' OR EXISTS (
                   SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted
                   AND (l.locktype IN ('tuple', 'transactionid') OR l.mode IN ('RowShareLock', 'RowExclusiveLock'))))
            """)).all()
    return {pid: f"orders session {pid} {state}, its transaction open for {seconds} s, last query: {query}"
            for pid, state, seconds, query in rows}


def test_a_catalog_that_does_not_answer(stack, operator, base_url, rpc, databases: Databases):
    shop = open_shop(operator, base_url, rpc, stock=[50, 50, 50])
    portal = portal_login(base_url, shop.username, PASSWORD)
    api, reference, problems = f"{base_url}/api/v1", "HANG-1", []
    catalogs = [stack.processes.pid(name) for name in stack.settings.replica_names("catalog")]
    for catalog in catalogs:  # every replica: one that answers would answer for all
        os.kill(catalog, signal.SIGSTOP)
    try:
        # (a) The gateway gives up on the catalog and says so.
        product = timed(operator, "GET", f"{api}/products/{shop.product_ids[0]}", timeout=ANSWER_WITHIN + 5)
        body = product.response.json() if product.status == 503 else {}
        if product.seconds > ANSWER_WITHIN or not (body.get("error") is True and body.get("error_code") == 503
                                                   and body.get("error_message")):
            problems.append(f"(a) GET product: {product}, not 503 with an error body within {ANSWER_WITHIN} s")

        # (b) An order is accepted without the catalog; (c) meanwhile orders holds nothing open.
        held: dict[int, str] = {}  # the longest seen of each orders session
        with ThreadPoolExecutor(1) as pool:
            placing = pool.submit(timed, client(operator), "POST", f"{api}/orders", timeout=ANSWER_WITHIN + 5,
                                  json=order_body(shop, reference, random.Random(1)))
            while not placing.done():
                held.update(transactions_held(databases.orders))
                time.sleep(0.2)
        problems += [f"(c) while placing: {session}" for session in held.values()]
        placed = placing.result()
        order = placed.response.json() if placed.status == 201 else {}
        allocated = [line["allocated"] for line in order.get("products", [])]
        if placed.seconds > ANSWER_WITHIN or order.get("status") != "processing" or any(allocated):
            seen = (f"status {order['status']}, allocated {allocated}" if order
                    else placed.response.text[:200] if placed.response is not None else "")
            problems.append(f"(b) POST order: {placed}, not 201 within {ANSWER_WITHIN} s with the order processing "
                            f"and nothing allocated yet: {seen}")

        # (d) A page that needs no catalog still renders.
        page = timed(portal, "GET", f"{base_url}/fulfilmentportal/orders", timeout=ANSWER_WITHIN + 5)
        if page.status != 200:
            problems.append(f"(d) portal orders page: {page}, not 200")
    finally:
        for catalog in catalogs:
            os.kill(catalog, signal.SIGCONT)

    # The system reserves the stock of the order from (b) once the catalog answers again.
    allocated, seen = eventually(lambda: allocated_in_full(databases, shop.customer_id, reference), REPAIRED_WITHIN)
    if not allocated:
        problems.append(f"the order placed while the catalog hung, {REPAIRED_WITHIN} s after it answered: {seen}")
    assert_stock_consistent(databases, [shop.customer_id], within=REPAIRED_WITHIN, besides=problems)


def test_orders_survive_broker_connections_being_closed(stack, operator, base_url, rpc, databases: Databases):
    shop = open_shop(operator, base_url, rpc, stock=[15] * 6)
    api, answers, done = f"{base_url}/api/v1", {}, threading.Event()

    def place_orders(number: int) -> None:
        session, rng, made = client(operator), random.Random(number), []
        for sequence in itertools.takewhile(lambda _: not done.is_set(), itertools.count()):
            reference = f"BROKER-{number}-{sequence}"
            answer = send(session, "POST", f"{api}/orders", until=time.monotonic() + 6,
                          json=order_body(shop, reference, rng), headers=once(reference))
            answers[reference] = answer.status_code if answer is not None else None
            if succeeded(answers[reference]):
                made.append(answer.json()["idorder"])
                if len(made) % 5 == 0:  # a client cancels an order now and then
                    send(session, "DELETE", f"{api}/orders/{made[-2]}", until=time.monotonic() + 6)

    clients = [threading.Thread(target=place_orders, args=(number,)) for number in range(4)]
    with stock_arriving(operator, base_url, shop):
        for thread in clients:
            thread.start()
        try:
            for _ in range(3):
                time.sleep(4)
                close_broker_connections(FAULTS_AMQP_URI)
            last_close = time.monotonic()
            # A new order goes through soon after the last close.
            probe = send(client(operator), "POST", f"{api}/orders", until=last_close + 10,
                         json=order_body(shop, "BROKER-PROBE", random.Random(99)), headers=once("BROKER-PROBE"))
            probe_took = time.monotonic() - last_close
            time.sleep(max(0.0, 3 - probe_took))  # the clients keep going a little after the faults
        finally:
            done.set()
            for thread in clients:
                thread.join(timeout=30)

    problems = []
    # 201, or 200 when a retry finds the order a first attempt made whose answer the fault lost.
    if probe is None or not succeeded(probe.status_code) or probe_took > 10:
        problems.append(f"a new order: {probe.status_code if probe is not None else 'no answer'} {probe_took:.1f} s "
                        f"after the last close, not made within 10 s")
    problems += orders_made_once(databases.orders, shop.customer_id, answers)
    problems += [f"{name} stopped and was not restarted" for name in not_running(stack, timeout=15)]
    restarted = {name: exits.last for name, exits in stack.processes.exits().items() if exits.count}
    print(f"{sum(map(succeeded, answers.values()))} of {len(answers)} orders answered 2xx; restarted: {restarted}")
    assert_stock_consistent(databases, [shop.customer_id], within=30, besides=problems)


def test_killing_catalog_mid_batch_is_repaired(stack, operator, base_url, rpc, databases: Databases):
    orders = 50
    shop = open_shop(operator, base_url, rpc, stock=[20] * 5)
    api, answers, a_third_answered = f"{base_url}/api/v1", {}, threading.Event()
    # Clients retry through the restart; one deadline for the batch keeps the test bounded.
    until = time.monotonic() + 45

    def place(number: int) -> None:
        session, reference = client(operator), f"KILL-{number}"
        answer = send(session, "POST", f"{api}/orders", until=until,
                      json=order_body(shop, reference, random.Random(number)), headers=once(reference))
        answers[reference] = answer.status_code if answer is not None else None
        if len(answers) >= orders // 3:
            a_third_answered.set()
        if number % 10 == 0 and succeeded(answers[reference]):  # a client cancels an order now and then
            send(session, "DELETE", f"{api}/orders/{answer.json()['idorder']}", until=until)

    with stock_arriving(operator, base_url, shop), ThreadPoolExecutor(6) as pool:
        placing = [pool.submit(place, number) for number in range(orders)]
        assert a_third_answered.wait(30), "a third of the orders never got an answer"
        restart_a_replica(stack, "catalog")
        for future in placing:
            future.result()

    problems = orders_made_once(databases.orders, shop.customer_id, answers)
    problems += [f"order {reference}: {status or 'no answer'} after retrying" for reference, status in answers.items()
                 if not succeeded(status)]
    assert_stock_consistent(databases, [shop.customer_id], within=20, besides=problems)
