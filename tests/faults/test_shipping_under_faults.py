"""Closing picklists under faults: broker connections closed while the warehouse picks and closes,
catalog killed in the middle of it, stock arriving meanwhile (backorders filled onto new
picklists). Afterwards nothing was shipped twice or lost: every closed picklist took its units
off the shelf once, each line shipped what catalog consumed for it, the ledger sums to the stock,
and orders and catalog agree on every unit (`assert_stock_consistent`)."""
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from faults_api import (FAULTS_AMQP_URI, Shop, client, close_broker_connections, not_running, once, open_shop,
                        order_body, restart_a_replica, send, stock_arriving, timed)
from stock_consistency import Databases, assert_stock_consistent

ORDERS = 24


def placed_orders(operator, base_url, shop: Shop, prefix: str) -> list[int]:
    """Orders processed at once (the shop's rule), each with a picklist for what it holds."""
    session, ids = client(operator), []
    for number in range(ORDERS):
        answer = send(session, "POST", f"{base_url}/api/v1/orders", until=time.monotonic() + 15,
                      json=order_body(shop, f"{prefix}-{number}", random.Random(number), lines=2),
                      headers=once(f"{prefix}-{number}"))
        assert answer is not None and answer.status_code in (200, 201), answer.text if answer is not None else "no answer"
        ids.append(answer.json()["idorder"])
    return ids


def open_picklists(session, base_url: str, shop: Shop, until: float) -> list[dict]:
    answer = send(session, "GET", f"{base_url}/api/v1/picklists", until=until,
                  params={"idfulfilment_customer": shop.customer_id, "status": "new"})
    return answer.json() if answer is not None and answer.status_code == 200 else []


def pick_and_close(operator, base_url: str, shop: Shop, until: float, seed: int, problems: list[str]) -> int:
    """Pick every open picklist (some in full, some in part, as a picker would) and close it,
    retrying each close (closing is idempotent) until `until`; round after round, so that
    picklists for filled backorders are closed too. How many closes answered 200."""
    session, rng, closed = client(operator), random.Random(seed), 0
    while time.monotonic() < until:
        picklists = open_picklists(session, base_url, shop, until)
        if not picklists:
            time.sleep(0.5)
            continue
        for picklist in picklists:
            url = f"{base_url}/api/v1/picklists/{picklist['idpicklist']}"
            if rng.random() < 0.7:
                send(session, "POST", f"{url}/pickall", until=until)
            else:  # one of one product only: not retried, a lost answer may have picked it
                timed(session, "POST", f"{url}/pick", 10, json={"product": picklist["products"][0]["idproduct"],
                                                                "amount": 1})
            answer = send(session, "POST", f"{url}/close", until=until, json={"reason": "not found"})
            if answer is not None and answer.status_code == 200:
                closed += 1
            elif answer is not None and "Nothing is picked" not in answer.text:
                problems.append(f"closing picklist {picklist['idpicklist']}: {answer.status_code} {answer.text[:200]}")
            if time.monotonic() >= until:
                break
    return closed


def test_closing_picklists_while_broker_connections_close(stack, operator, base_url, rpc, databases: Databases):
    shop = open_shop(operator, base_url, rpc, stock=[12] * 4)
    placed_orders(operator, base_url, shop, "SHIP-BROKER")
    problems: list[str] = []
    until = time.monotonic() + 25
    with stock_arriving(operator, base_url, shop), ThreadPoolExecutor(2) as pool:
        pickers = [pool.submit(pick_and_close, operator, base_url, shop, until, seed, problems) for seed in (1, 2)]
        for _ in range(3):
            time.sleep(4)
            close_broker_connections(FAULTS_AMQP_URI)
        closed = sum(picker.result() for picker in pickers)
    problems += [f"{name} stopped and was not restarted" for name in not_running(stack, timeout=15)]
    if closed == 0:
        problems.append("no picklist was closed")
    print(f"{closed} picklists closed while broker connections were closed three times")
    assert_stock_consistent(databases, [shop.customer_id], within=30, besides=problems)


def test_closing_picklists_while_catalog_is_killed(stack, operator, base_url, rpc, databases: Databases):
    shop = open_shop(operator, base_url, rpc, stock=[12] * 4)
    placed_orders(operator, base_url, shop, "SHIP-KILL")
    problems: list[str] = []
    closing_started = threading.Event()
    until = time.monotonic() + 30

    def first_closes() -> None:
        deadline = time.monotonic() + 20
        while not closing_started.is_set() and time.monotonic() < deadline:
            with databases.orders.connect() as connection:
                if connection.execute(text("SELECT count(*) FROM picklists WHERE customer_id = :c AND status = 'closed'"),
                                      {"c": shop.customer_id}).scalar() >= 3:
                    closing_started.set()
            time.sleep(0.1)

    with stock_arriving(operator, base_url, shop), ThreadPoolExecutor(3) as pool:
        pickers = [pool.submit(pick_and_close, operator, base_url, shop, until, seed, problems) for seed in (3, 4)]
        pool.submit(first_closes)
        assert closing_started.wait(25), "no picklist was closed before the kill"
        restart_a_replica(stack, "catalog")
        closed = sum(picker.result() for picker in pickers)
    print(f"{closed} picklists closed while catalog was killed and restarted")
    assert_stock_consistent(databases, [shop.customer_id], within=30, besides=problems)
