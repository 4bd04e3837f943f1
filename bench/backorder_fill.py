"""How long one receipt takes to fill the backorders waiting for it: 1,000 orders waiting on one
product, then one receipt of 1,000, against one order waiting and a receipt of 1 in the same run.

    make bench                          (or: .venv/bin/python bench/backorder_fill.py --orders 1000)

Goal: every one of the 1,000 orders reserved within 2 s of the receipt.

Starts the whole system as `make run` does, on databases (`bench_backorders_*`) and a broker vhost
(`bench_backorders`) of its own, recreated each run, and a gateway port of its own. It
arranges everything through the REST API with an operator key: a customer whose orders are not
processed at once, and per row a new product without stock and N orders of 1 unit, each processed
so that it waits on a backorder. Then it times one receipt of N through the API until the orders
database shows every order fully reserved:
  (a) baseline: 1 order waiting, a receipt of 1;
  (b) N orders waiting (default 1,000), a receipt of N.
Only the outcome is polled (read-only SQL every 20 ms), so it measures the same before and after
a change to how the fill works.
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from benchstack import ADDRESS, running_system  # first: it silences eventlet's deprecation warning
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import Engine, create_engine, text

NAME, PORT = "backorders", 8198  # databases bench_backorders_*, vhost bench_backorders
GOAL_SECONDS = 2.0
POLL_SECONDS = 0.02
THREADS = 8  # arranging only: as many as the gateway serves at once without queueing much
PAGE = 100  # the API's page size


class Api:
    """The REST API with one operator key; a session per thread, as concurrent clients have."""

    def __init__(self, base: str, key: str):
        self.base, self.key = f"{base}/api/v1", key
        self.local = threading.local()

    def call(self, method: str, path: str, body: dict | None = None, params: dict | None = None) -> requests.Response:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
            self.local.session.auth = (self.key, "")
        return self.local.session.request(method, f"{self.base}{path}", json=body, params=params, timeout=60)

    def ok(self, method: str, path: str, body: dict | None = None, params: dict | None = None):
        response = self.call(method, path, body, params)
        if response.status_code >= 400:
            sys.exit(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json()


@dataclass
class Fill:
    orders: int
    seconds_from_answer: float  # math.inf: not every order reserved before the timeout
    seconds_from_send: float
    reserved: int  # orders fully reserved when it ended


def bootstrap(amqp_uri: str) -> tuple[str, int]:
    """The API has no route to create an operator key or a warehouse (deployment does both), so
    these two come over RPC, as the demo data makes them."""
    key = f"bench-operator-{uuid.uuid4().hex}"
    with ClusterRpcProxy({"AMQP_URI": amqp_uri, "serializer": "json"}) as rpc:
        rpc.accounts.create_api_key("operator", None, "Bench operator", key)
        warehouse = rpc.catalog.create_warehouse("Bench warehouse")["idwarehouse"]
    return key, warehouse


def create_customer(api: Api) -> int:
    customer = api.ok("POST", "/fulfilment/customers", {"name": f"Bench backorders {uuid.uuid4().hex[:6]}",
                                                         "process_orders_at_once": False})
    return customer["idfulfilment_customer"]


def create_product(api: Api, customer: int) -> int:
    """A product without stock; the catalog may not have heard of a new customer yet, so retry."""
    code = f"BO-{uuid.uuid4().hex[:8]}"
    deadline = time.monotonic() + 30
    while True:
        response = api.call("POST", "/products", {"idfulfilment_customer": customer, "productcode": code, "name": code})
        if response.status_code == 201 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    if response.status_code != 201:
        sys.exit(f"POST /products: {response.status_code} {response.text[:300]}")
    return response.json()["idproduct"]


def waiting_backorders(api: Api, product: int) -> int:
    count, offset = 0, 0
    while page := api.ok("GET", "/backorders", params={"idproduct": product, "offset": offset}):
        count, offset = count + len(page), offset + PAGE
    return count


def arrange(api: Api, customer: int, warehouse: int, orders: int) -> int:
    """A new product with `orders` processed orders of 1 unit waiting for it; returns the product."""
    product = create_product(api, customer)

    def place_and_process(number: int) -> None:
        order = api.ok("POST", "/orders", {"idfulfilment_customer": customer, "reference": f"BO-{product}-{number}",
                                           **ADDRESS, "products": [{"idproduct": product, "amount": 1}]})
        api.ok("POST", f"/orders/{order['idorder']}/process", {"idwarehouse": warehouse})

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(place_and_process, range(orders)))
    waiting = waiting_backorders(api, product)
    if waiting != orders:
        sys.exit(f"{orders} orders processed, but the API lists {waiting} backorders for product {product}")
    return product


def wait_until_quiet(vhost: str, timeout: float = 120) -> None:
    """Arranging leaves events behind (orders_processed, orders_backordered, …); let every service
    handle them first, so that the timed fill has the machine to itself."""
    deadline = time.monotonic() + timeout
    while queued_messages(vhost):
        if time.monotonic() > deadline:
            print(f"  events still queued after {timeout:.0f} s; timing anyway", flush=True)
            return
        time.sleep(0.2)


def queued_messages(vhost: str) -> int:
    """Messages ready or being handled in all the vhost's queues."""
    listing = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", vhost, "--no-table-headers", "messages"],
                             capture_output=True, text=True, check=True).stdout
    return sum(int(count) for count in listing.split())


def reservation_state(orders_db: Engine, product: int) -> tuple[int, int]:
    """(backorders left, orders fully reserved) for the product, as the orders service has committed them."""
    with orders_db.connect() as connection:
        row = connection.execute(text(
            "SELECT (SELECT count(*) FROM backorders WHERE product_id = :product),"
            "       (SELECT count(*) FROM order_lines WHERE product_id = :product AND allocated >= amount)"
        ), {"product": product}).one()
    return row[0], row[1]


def time_fill(api: Api, orders_db: Engine, product: int, warehouse: int, orders: int, timeout: float) -> Fill:
    """One receipt of `orders` units; poll until no backorder is left and every order is reserved."""
    sent = time.perf_counter()
    api.ok("POST", f"/products/{product}/stock/{warehouse}", {"change": orders, "reason": "receipt"})
    answered = time.perf_counter()
    while True:
        left, reserved = reservation_state(orders_db, product)
        now = time.perf_counter()
        if left == 0 and reserved == orders:
            return Fill(orders, now - answered, now - sent, reserved)
        if now - answered > timeout:
            return Fill(orders, math.inf, math.inf, reserved)
        time.sleep(POLL_SECONDS)


def median_fill(fills: list[Fill]) -> Fill:
    return Fill(fills[0].orders, statistics.median(f.seconds_from_answer for f in fills),
                statistics.median(f.seconds_from_send for f in fills), min(f.reserved for f in fills))


def seconds(value: float, timeout: float) -> str:
    return f"> {timeout:.0f}" if math.isinf(value) else f"{value:.3f}"


def report(baseline: Fill, big: Fill, repeat: int, timeout: float) -> None:
    runs = f"median of {repeat} runs" if repeat > 1 else "one run"
    print(f"\n    one receipt filling one product's backorders: {runs} a row, polled every "
          f"{POLL_SECONDS * 1000:.0f} ms, load average {os.getloadavg()[0]:.1f}\n")
    print(f"    {'row':<46} {'from answer s':>14} {'from send s':>12} {'reserved':>12}")
    for label, fill in (("(a) 1 order waiting, receipt of 1 (baseline)", baseline),
                        (f"(b) {big.orders:,} orders waiting, receipt of {big.orders:,}", big)):
        print(f"    {label:<46} {seconds(fill.seconds_from_answer, timeout):>14} "
              f"{seconds(fill.seconds_from_send, timeout):>12} {f'{fill.reserved:,}/{fill.orders:,}':>12}")
    if not math.isinf(big.seconds_from_answer):
        extra = (big.seconds_from_answer - baseline.seconds_from_answer) / max(big.orders - 1, 1)
        print(f"\n    (b) is {big.seconds_from_answer / baseline.seconds_from_answer:.0f}x (a): "
              f"about {extra * 1000:.1f} ms for each further order waiting")
    met = big.seconds_from_answer <= GOAL_SECONDS
    print(f"    goal: all {big.orders:,} reserved within {GOAL_SECONDS:.0f} s of the receipt: {'met' if met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=1000, help="orders waiting in row (b) (default 1000)")
    parser.add_argument("--repeat", type=int, default=1, help="times to run each row; the median is shown")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for a fill (default 120)")
    args = parser.parse_args()
    sizes = (1, args.orders)  # (a), (b)
    fills: list[list[Fill]] = [[], []]
    with running_system(NAME, PORT) as settings:
        key, warehouse = bootstrap(settings.amqp_uri)
        api = Api(settings.base_url, key)
        customer = create_customer(api)
        orders_db = create_engine(settings.database_urls["orders"],
                                  connect_args={"options": "-c default_transaction_read_only=on"})
        for round_number in range(args.repeat):
            for orders, row in zip(sizes, fills):
                started = time.perf_counter()
                product = arrange(api, customer, warehouse, orders)
                arranged = time.perf_counter()
                wait_until_quiet(f"bench_{NAME}")
                print(f"  round {round_number + 1}: {orders:,} waiting (arranged in {arranged - started:.0f} s, "
                      f"their events handled {time.perf_counter() - arranged:.0f} s later), receipt ...", flush=True)
                fill = time_fill(api, orders_db, product, warehouse, orders, args.timeout)
                row.append(fill)
                if waiting_backorders(api, product) and not math.isinf(fill.seconds_from_answer):
                    sys.exit("the orders database shows every order reserved, but the API still lists backorders")
        orders_db.dispose()
    report(median_fill(fills[0]), median_fill(fills[1]), args.repeat, args.timeout)


if __name__ == "__main__":
    main()
