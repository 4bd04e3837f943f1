"""Two replicas of every service that holds stock, orders or mail (faults_api.REPLICAS) share the
work safely: concurrent orders reach both replicas and stock stays exact, backorders are filled
once, every event delivered a second time changes nothing, queued mail is sent once, and a
rolling restart (SIGTERM, started again) under order load loses no order."""
import email
import itertools
import random
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sqlalchemy import Engine, create_engine, text

from e2e_api import create_customer
from faults_api import (FAULTS_AMQP_URI, REPLICAS, client, once, open_shop, order_body, reserved, restart_a_replica,
                        send, timed)
from orders_placed import orders_made_once, succeeded
from stock_consistency import Databases, assert_stock_consistent

from servicekit.database import event_publisher
from servicekit.migrate import package_name

SETTLED_WITHIN = 30


@pytest.fixture(scope="module")
def service_databases(stack) -> Iterator[dict[str, Engine]]:
    """Every replicated service's database, read-only."""
    engines = {service: create_engine(stack.settings.database_urls[service], pool_size=1,
                                      connect_args={"options": "-c default_transaction_read_only=on"})
               for service in REPLICAS}
    yield engines
    for engine in engines.values():
        engine.dispose()


def in_parallel(work, items, threads: int = 8) -> list:
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, items))


def picklists_hold_more_than_lines(orders: Engine, customer_id: int) -> list[str]:
    """A fill recorded twice would put its stock on a second picklist: what the open picklists of
    each line of an order still processing hold is what the line holds (nothing is picked here)."""
    with orders.connect() as connection:
        rows = connection.execute(text("""
            SELECT l.order_id, l.id, l.allocated, coalesce(sum(pl.amount) FILTER (WHERE p.status = 'new'), 0)
            FROM order_lines l JOIN orders o ON o.id = l.order_id
            LEFT JOIN picklist_lines pl ON pl.order_line_id = l.id LEFT JOIN picklists p ON p.id = pl.picklist_id
            WHERE o.customer_id = :customer AND o.status = 'processing' GROUP BY l.order_id, l.id, l.allocated"""),
                                  {"customer": customer_id}).all()
    return [f"order {order_id} line {line_id}: holds {allocated}, its open picklists {on_picklists}"
            for order_id, line_id, allocated, on_picklists in rows if allocated != on_picklists]


def events_announced_twice(orders: Engine, customer_id: int) -> list[str]:
    """Each order is announced processed once, and allocated at most once (nothing is picked)."""
    with orders.connect() as connection:
        rows = connection.execute(text("""
            SELECT listed->>'idorder', event_type, count(*)
            FROM outbox, jsonb_array_elements(payload->'orders') AS listed
            WHERE event_type IN ('orders_processed', 'orders_allocated')
              AND (listed->>'idfulfilment_customer')::int = :customer
            GROUP BY 1, 2 HAVING count(*) > 1"""), {"customer": customer_id}).all()
    return [f"order {order_id}: {event_type} announced {count} times" for order_id, event_type, count in rows]


def test_concurrent_orders_on_both_replicas_reserve_exactly_and_fill_backorders_once(
        stack, operator, base_url, rpc, databases: Databases):
    shop = open_shop(operator, base_url, rpc, stock=[5, 5, 5])
    api, orders = f"{base_url}/api/v1", 40

    def place(number: int) -> dict:
        reference = f"BOTH-{number}"
        answer = send(client(operator), "POST", f"{api}/orders", until=time.monotonic() + 30,
                      json=order_body(shop, reference, random.Random(number), lines=2), headers=once(reference))
        assert answer is not None and succeeded(answer.status_code), answer.text if answer is not None else reference
        return reserved(client(operator), f"{api}/orders/{answer.json()['idorder']}", until=time.monotonic() + 30)

    placed = in_parallel(place, range(orders))
    assert sum(line["backordered"] for order in placed for line in order["products"]) > 0, "nothing waits"

    def receive_or_cancel(job: int) -> None:
        session = client(operator)
        if job < 6:
            order = placed[job * 6]["idorder"]
            assert send(session, "DELETE", f"{api}/orders/{order}", until=time.monotonic() + 30).ok
        else:
            product = shop.product_ids[job % len(shop.product_ids)]
            assert send(session, "POST", f"{api}/products/{product}/stock/{shop.warehouse_id}",
                        until=time.monotonic() + 30, json={"change": 3, "reason": f"receipt {job}"}).status_code == 201

    in_parallel(receive_or_cancel, range(24))

    state = assert_stock_consistent(databases, [shop.customer_id], within=SETTLED_WITHIN)
    problems = (picklists_hold_more_than_lines(databases.orders, shop.customer_id)
                + events_announced_twice(databases.orders, shop.customer_id))
    assert not problems, "\n".join(problems)
    filled = sum(line.allocated for line in state.lines if line.status == "processing")
    print(f"{orders} orders on {REPLICAS['orders']} orders and {REPLICAS['catalog']} catalog replicas: "
          f"{filled} units held after 18 receipts and 6 cancels")


def snapshot(engines: dict[str, Engine]) -> dict[str, str]:
    """Every table of every replicated service, as a digest of its rows: equal snapshots, equal data."""
    digests = {}
    for service, engine in engines.items():
        with engine.connect() as connection:
            tables = connection.scalars(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).all()
            for table in tables:
                digests[f"{service}.{table}"] = connection.scalar(text(
                    f'SELECT count(*) || \':\' || coalesce(md5(string_agg(t::text, \',\' ORDER BY t::text)), \'\') '
                    f'FROM "{table}" t'))
    return digests


def settled_snapshot(engines: dict[str, Engine]) -> dict[str, str]:
    """The snapshot once two taken two seconds apart agree (timers and handlers are done)."""
    deadline, previous = time.monotonic() + SETTLED_WITHIN, None
    while True:
        current = snapshot(engines)
        if current == previous:
            return current
        assert time.monotonic() < deadline, "the databases kept changing"
        previous = current
        time.sleep(2)


def queues_drained(amqp_uri: str, within: float = SETTLED_WITHIN) -> None:
    """Until no queue of the stack's vhost holds a message, delivered or not."""
    vhost = unquote(urlsplit(amqp_uri).path[1:])
    deadline = time.monotonic() + within
    while True:
        listing = subprocess.run(["rabbitmqctl", "--quiet", "list_queues", "-p", vhost, "--no-table-headers",
                                  "name", "messages"], check=True, capture_output=True, text=True, timeout=30).stdout
        busy = [line for line in listing.splitlines() if line.split() and line.split()[-1] != "0"]
        if not busy:
            return
        assert time.monotonic() < deadline, f"queues still hold messages: {busy}"
        time.sleep(0.5)


def test_every_event_delivered_a_second_time_changes_nothing(stack, operator, base_url, rpc, databases,
                                                             service_databases):
    """A relay may publish an event twice (a replica died between publishing and marking it, or
    two relays overlapped): every event the services published while orders were placed,
    backordered, filled and cancelled, goods were received and customers changed is published
    once more, and no database changes at all."""
    with service_databases["orders"].connect() as connection:
        since = connection.scalar(text("SELECT now()"))
    shop = open_shop(operator, base_url, rpc, stock=[2, 2])
    api = f"{base_url}/api/v1"
    assert operator.put(f"{api}/fulfilment/customers/{shop.customer_id}",
                        json={"notification_email": f"{shop.username}@example.com"}).status_code == 200
    placed = [send(client(operator), "POST", f"{api}/orders", until=time.monotonic() + 30,
                   json=order_body(shop, f"AGAIN-{number}", random.Random(number), lines=2),
                   headers=once(f"AGAIN-{number}")).json() for number in range(6)]
    assert operator.delete(f"{api}/orders/{placed[0]['idorder']}").ok
    for product in shop.product_ids:
        assert operator.post(f"{api}/products/{product}/stock/{shop.warehouse_id}",
                             json={"change": 4, "reason": "receipt"}).status_code == 201
    assert_stock_consistent(databases, [shop.customer_id], within=SETTLED_WITHIN)
    before = settled_snapshot(service_databases)

    published = 0
    for service, engine in service_databases.items():
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT event_type, payload FROM outbox WHERE created_at >= :since "
                                           "ORDER BY created_at, id"), {"since": since}).all()
        publish = event_publisher(FAULTS_AMQP_URI, package_name(service))
        for event_type, payload in rows:
            publish(event_type, payload)
        published += len(rows)
    queues_drained(FAULTS_AMQP_URI)
    after = settled_snapshot(service_databases)

    changed = {table: (before.get(table), after.get(table)) for table in before.keys() | after.keys()
               if before.get(table) != after.get(table)}
    assert published > 20 and not changed, f"{published} events published again; tables changed: {sorted(changed)}"


def mails_to(mail_dir: str, recipients: set[str]) -> dict[str, int]:
    """How many emails accounts wrote to each of these addresses."""
    found = dict.fromkeys(recipients, 0)
    for eml in Path(mail_dir).glob("*.eml"):
        to = email.message_from_bytes(eml.read_bytes())["To"]
        if to in found:
            found[to] += 1
    return found


def test_mail_queued_at_once_is_sent_once_by_the_replicas_of_accounts(stack, operator, base_url,
                                                                      service_databases):
    customer_id = create_customer(operator, base_url, can_login=True, username=f"mail-{uuid.uuid4().hex[:8]}",
                                  password="faults-lighthouse-41")["idfulfilment_customer"]
    tag = uuid.uuid4().hex[:8]
    recipients = {f"invitee-{tag}-{number}@example.com" for number in range(24)}

    def invite(address: str) -> int:
        return client(operator).post(f"{base_url}/api/v1/fulfilment/customers/{customer_id}/users",
                                     json={"username": address.split("@")[0], "emailaddress": address}).status_code

    assert set(in_parallel(invite, sorted(recipients))) == {201}
    deadline = time.monotonic() + SETTLED_WITHIN
    while min((sent := mails_to(stack.settings.mail_dir, recipients)).values()) == 0:
        assert time.monotonic() < deadline, f"not every invite was sent: {sent}"
        time.sleep(0.5)
    time.sleep(3)  # a second replica sending the same rows would do so within its next rounds
    with service_databases["accounts"].connect() as connection:
        tries = connection.execute(text("SELECT recipient, attempts FROM outgoing_mail WHERE recipient LIKE :tag"),
                                   {"tag": f"invitee-{tag}-%"}).all()
    sent = mails_to(stack.settings.mail_dir, recipients)
    assert set(sent.values()) == {1} and sorted(attempts for _, attempts in tries) == [1] * len(recipients), (
        f"emails per recipient {sorted(sent.values())}, tries recorded {sorted(attempts for _, attempts in tries)}")


def test_a_rolling_restart_under_order_load_loses_no_order(stack, operator, base_url, rpc, databases: Databases):
    shop = open_shop(operator, base_url, rpc, stock=[30] * 6)
    api, answers, retried, done = f"{base_url}/api/v1", {}, [], threading.Event()

    def place_orders(number: int) -> None:
        session, rng = client(operator), random.Random(number)
        for sequence in itertools.takewhile(lambda _: not done.is_set(), itertools.count()):
            reference = f"ROLL-{number}-{sequence}"
            body = order_body(shop, reference, rng)
            first = timed(session, "POST", f"{api}/orders", 10, json=body, headers=once(reference))
            answer = first.response
            if not succeeded(first.status):  # a client retries with the same key
                retried.append(f"{reference}: {first}")
                answer = send(session, "POST", f"{api}/orders", until=time.monotonic() + 20, json=body,
                              headers=once(reference))
            answers[reference] = answer.status_code if answer is not None else None
            if succeeded(answers[reference]) and sequence % 4 == 3:  # a client cancels now and then
                send(session, "DELETE", f"{api}/orders/{answer.json()['idorder']}", until=time.monotonic() + 20)

    clients = [threading.Thread(target=place_orders, args=(number,)) for number in range(4)]
    for thread in clients:
        thread.start()
    try:
        for service in ("orders", "catalog"):  # one replica at a time, as a rolling update does
            time.sleep(3)
            restart_a_replica(stack, service, signal.SIGTERM)
        time.sleep(3)
    finally:
        done.set()
        for thread in clients:
            thread.join(timeout=60)

    problems = orders_made_once(databases.orders, shop.customer_id, answers)
    problems += [f"order {reference}: {status or 'no answer'} after retrying" for reference, status in answers.items()
                 if not succeeded(status)]
    stopped = {name: exits.last for name, exits in stack.processes.exits().items()
               if name in (stack.settings.replica_names("orders")[0], stack.settings.replica_names("catalog")[0])}
    print(f"{len(answers)} orders placed through a rolling restart ({stopped}); "
          f"{len(retried)} needed a retry: {retried[:5]}")
    assert_stock_consistent(databases, [shop.customer_id], within=SETTLED_WITHIN, besides=problems)
