"""Receipts under faults: the warehouse registers receipts while catalog is killed and while the
broker's connections are closed. Afterwards every receipt line is booked exactly once in the
ledger, the ledger sums to the stock, and the orders that waited for the goods hold them
(`assert_stock_consistent`)."""
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from faults_api import (FAULTS_AMQP_URI, client, close_broker_connections, once, open_shop, order_body,
                        restart_a_replica, send)
from stock_consistency import Databases, assert_stock_consistent, ledger_movements

RECEIPTS = 24
BOOKED_WITHIN = 30


def purchase_order(operator, base_url: str, shop, amount: int) -> dict:
    """A purchase order of every product of the shop, marked as purchased (purchasing hears of
    the shop's warehouse for purchase orders a moment after the shop was made)."""
    api = f"{base_url}/api/v1/purchaseorders"
    created = operator.post(api, json={"idfulfilment_customer": shop.customer_id, "supplier_name": "Faults supplier",
                                       "products": [{"idproduct": p, "amount": amount} for p in shop.product_ids]})
    assert created.status_code == 201, created.text
    deadline = time.monotonic() + 15
    while True:
        placed = operator.post(f"{api}/{created.json()['idpurchaseorder']}/mark-as-purchased")
        if placed.status_code == 200 or time.monotonic() > deadline:
            assert placed.status_code == 200, placed.text
            return placed.json()
        time.sleep(0.2)


def receipt_lines(purchasing, customer_id: int) -> dict[tuple[str, int], int]:
    """(receipt id, product) → amount, as purchasing recorded its receipts."""
    with purchasing.connect() as connection:
        rows = connection.execute(text("""
            SELECT r.id, l.product_id, l.amount FROM receipts r JOIN receipt_lines l ON l.receipt_id = r.id
            WHERE r.customer_id = :customer"""), {"customer": customer_id}).all()
    return {(str(receipt), product): amount for receipt, product, amount in rows}


def unbooked(purchasing, customer_id: int) -> int:
    with purchasing.connect() as connection:
        return connection.scalar(text("""SELECT count(*) FROM stock_bookings
                                         WHERE customer_id = :customer AND status <> 'booked'"""),
                                 {"customer": customer_id})


def booking_problems(purchasing, catalog, customer_id: int) -> list[str]:
    """Every receipt line booked exactly once, for its amount; nothing booked that no receipt has."""
    received, booked = receipt_lines(purchasing, customer_id), ledger_movements(catalog, customer_id, "receipt")
    problems = [f"receipt {receipt} product {product}: {amount} received, ledger has {booked.get((receipt, product))}"
                for (receipt, product), amount in received.items() if booked.get((receipt, product)) != [amount]]
    problems += [f"ledger movements {changes} for receipt {receipt} product {product}, which purchasing does not have"
                 for (receipt, product), changes in booked.items() if (receipt, product) not in received]
    if (left := unbooked(purchasing, customer_id)):
        problems.append(f"{left} receipts still not booked")
    return problems


def test_every_receipt_line_is_booked_once_through_a_killed_catalog_and_closed_connections(
        stack, operator, base_url, rpc, databases: Databases, purchasing_database):
    shop = open_shop(operator, base_url, rpc, stock=[1, 1, 1])
    api, rng = f"{base_url}/api/v1", random.Random(7)
    # Orders that wait for the goods: each wants more than the one in stock.
    for number in range(6):
        placed = send(client(operator), "POST", f"{api}/orders", until=time.monotonic() + 15,
                      json=order_body(shop, f"WAITS-{number}", rng, lines=2), headers=once(f"WAITS-{number}"))
        assert placed is not None and placed.status_code in (200, 201), placed.text if placed is not None else "no answer"
    ordered = purchase_order(operator, base_url, shop, amount=RECEIPTS * 3)
    lines = [line["idpurchaseorder_product"] for line in ordered["products"]]
    url = f"{api}/purchaseorders/{ordered['idpurchaseorder']}/receipts"
    answers, a_third, until = {}, threading.Event(), time.monotonic() + 60

    def receive(number: int) -> None:
        key, body = uuid.uuid4().hex, {"products": [{"idpurchaseorder_product": line, "amount": 1 + number % 3}
                                                    for line in lines[:1 + number % len(lines)]]}
        answer = send(client(operator), "POST", url, until=until, json=body, headers={"Idempotency-Key": key})
        answers[number] = answer.status_code if answer is not None else None
        if len(answers) >= RECEIPTS // 3:
            a_third.set()

    with ThreadPoolExecutor(4) as pool:
        receiving = [pool.submit(receive, number) for number in range(RECEIPTS)]
        assert a_third.wait(30), "a third of the receipts never got an answer"
        restart_a_replica(stack, "catalog", meanwhile=lambda: close_broker_connections(FAULTS_AMQP_URI))
        for future in receiving:
            future.result()

    problems = [f"receipt {number}: {status or 'no answer'} after retrying" for number, status in answers.items()
                if status not in (200, 201)]
    deadline = time.monotonic() + BOOKED_WITHIN
    while (found := booking_problems(purchasing_database, databases.catalog, shop.customer_id)) and \
            time.monotonic() < deadline:
        time.sleep(1)
    problems += found
    made, wanted = len(receipt_lines(purchasing_database, shop.customer_id)), sum(
        1 + number % len(lines) for number in range(RECEIPTS))
    if made != wanted:
        problems.append(f"{made} receipt lines made, {wanted} sent: a receipt was made twice or not at all")
    assert_stock_consistent(databases, [shop.customer_id], within=BOOKED_WITHIN, besides=problems)
    # The tests after this one start on a system that answers again.
    settled = send(client(operator), "GET", f"{api}/fulfilment/customers", until=time.monotonic() + 30)
    assert settled is not None and settled.status_code == 200, "the API did not answer again after the faults"
