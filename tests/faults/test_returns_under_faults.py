"""Returns under faults: clients register returns of shipped orders and the warehouse receives
and completes them while catalog is killed and the broker's connections are closed. Afterwards
every received return put its goods back on the shelf exactly once (one ledger movement per
return and product), none waits for catalog any more, each completed return placed its
replacement order once, and orders and catalog agree on every unit (`assert_stock_consistent`)."""
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from faults_api import FAULTS_AMQP_URI, client, close_broker_connections, open_shop, restart_a_replica, send
from stock_consistency import Databases, assert_stock_consistent, ledger_movements
from test_shipping_under_faults import open_picklists, placed_orders

SETTLED_WITHIN = 30


def shipped_orders(operator, base_url: str, shop) -> list[dict]:
    """The shop's orders, each picked in full and closed, once orders has heard what catalog took."""
    ids, session, until = placed_orders(operator, base_url, shop, "RETURNS"), client(operator), time.monotonic() + 60
    while picklists := open_picklists(session, base_url, shop, until):
        for picklist in picklists:
            url = f"{base_url}/api/v1/picklists/{picklist['idpicklist']}"
            send(session, "POST", f"{url}/pickall", until=until)
            send(session, "POST", f"{url}/close", until=until)
    orders = []
    for order_id in ids:
        while True:
            order = send(session, "GET", f"{base_url}/api/v1/orders/{order_id}", until=until).json()
            if all(line["shipped"] == line["amount"] for line in order["products"]) or time.monotonic() > until:
                orders.append(order)
                break
            time.sleep(0.2)
    return orders


def return_problems(databases: Databases, customer_id: int, registered: int) -> list[str]:
    """`registered` returns made once each, every received one restocked once, nothing restocked
    twice or waiting, one replacement order per completed return and none for the others."""
    with databases.orders.connect() as connection:
        returned = connection.execute(text("""
            SELECT r.id, r.status, r.restock, l2.product_id, sum(l.amount) FROM returns r
            JOIN return_lines l ON l.return_id = r.id JOIN order_lines l2 ON l2.id = l.order_line_id
            WHERE r.customer_id = :customer GROUP BY r.id, r.status, r.restock, l2.product_id"""),
                                      {"customer": customer_id}).all()
        replacements = dict(connection.execute(text("""
            SELECT r.id, count(o.id) FROM returns r LEFT JOIN orders o
            ON o.customer_id = r.customer_id AND o.reference = 'R' || to_char(r.created_at, 'YYYY') || lpad(r.id::text, 6, '0')
                                                                || ' replacement'
            WHERE r.customer_id = :customer GROUP BY r.id"""), {"customer": customer_id}).all())
    booked, problems = ledger_movements(databases.catalog, customer_id, "return"), []
    if len(replacements) != registered:
        problems.append(f"{len(replacements)} returns made, {registered} registered")
    for return_id, status, restock, product, amount in returned:
        expected = [amount] if status in ("received", "completed") else None
        if booked.get((str(return_id), product)) != expected:
            problems.append(f"return {return_id} ({status}) product {product}: {amount} returned, "
                            f"ledger has {booked.get((str(return_id), product))}")
        if restock == "asked":
            problems.append(f"return {return_id}: still waiting for catalog to restock")
    for return_id, count in replacements.items():
        wanted = 1 if any(r[0] == return_id and r[1] == "completed" for r in returned) else 0
        if count != wanted:
            problems.append(f"return {return_id}: {count} replacement orders, {wanted} wanted")
    return problems


def test_every_return_is_restocked_and_replaced_once_through_a_killed_catalog_and_closed_connections(
        stack, operator, base_url, rpc, databases: Databases):
    shop = open_shop(operator, base_url, rpc, stock=[100] * 4)
    orders = shipped_orders(operator, base_url, shop)
    customer = client(operator)
    customer.auth = (rpc.accounts.create_api_key("customer", shop.customer_id, "faults returns")["key"], "")
    api, answers, a_third, until = f"{base_url}/api/v1", {}, threading.Event(), time.monotonic() + 90

    def return_and_receive(order: dict) -> None:
        """Register a return of one of each product with a replacement, receive it, complete it."""
        line = order["products"][0]
        body = {"idorder": order["idorder"], "returned_products": [{"idorder_product": line["idorder_product"],
                                                                    "amount": 1, "reason": "broken"}],
                "replacement_products": [{"idproduct": line["idproduct"], "amount": 1}]}
        session = client(customer)
        registered = send(session, "POST", f"{api}/returns", until=until, json=body,
                          headers={"Idempotency-Key": uuid.uuid4().hex})
        answers[order["idorder"]] = [registered.status_code if registered is not None else None]
        if registered is None or registered.status_code not in (200, 201):
            return
        url = f"{api}/returns/{registered.json()['idreturn']}/status"
        for status in ("received", "completed"):
            moved = send(client(operator), "POST", url, until=until, json={"status": status})
            answers[order["idorder"]].append(moved.status_code if moved is not None else None)
        if len(answers) >= len(orders) // 3:
            a_third.set()

    with ThreadPoolExecutor(4) as pool:
        returning = [pool.submit(return_and_receive, order) for order in orders]
        assert a_third.wait(60), "a third of the returns never got through"
        restart_a_replica(stack, "catalog", meanwhile=lambda: close_broker_connections(FAULTS_AMQP_URI))
        for future in returning:
            future.result()

    problems = [f"order {order_id}: answers {statuses}" for order_id, statuses in answers.items()
                if [status in (200, 201) for status in statuses] != [True, True, True]]
    deadline = time.monotonic() + SETTLED_WITHIN
    while (found := return_problems(databases, shop.customer_id, len(orders))) and time.monotonic() < deadline:
        time.sleep(1)
    print(f"{len(orders)} returns registered, received and completed while catalog was killed")
    assert_stock_consistent(databases, [shop.customer_id], within=SETTLED_WITHIN, besides=problems + found)
