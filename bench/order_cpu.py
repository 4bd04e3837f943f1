"""What one order costs in CPU, per process: the figure that does not move with the machine's load.

    .venv/bin/python bench/order_cpu.py [--orders 200] [--clients 1]

Wall-clock rates on a shared 2-core machine move with everyone else's work; the CPU time each of
our processes spends on an order does not (much). Starts the whole system as `make run` does, on
databases `bench_order_cpu_*`, the vhost `bench_order_cpu` and port 8199 of its own, with a
client whose orders are processed at once in its preferred warehouse (as the peer comparison's
POST workload), three products with ample stock and an operator key. After a warm-up it places
`--orders` orders of 3 lines through `POST /api/v1/orders` from `--clients` threads, waits until
every order's stock is reserved (the answer comes before: the orders service reserves in batches
after it) and the events they caused are handled (the vhost's queues are empty), and prints per
process the CPU milliseconds (user + system, from /proc, the gateway with its workers) per order,
the orders per second of wall time, and how long after the last answer every order was reserved
(issue 11's "reservation keeps up": within 2 s at 16 clients).
"""
import argparse
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from benchstack import ADDRESS, running_stack  # first: it silences eventlet's deprecation warning
from backorder_fill import GOAL_SECONDS, POLL_SECONDS, Api, bootstrap, wait_until_quiet
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

NAME = "order_cpu"
PORT = 8199
WARMUP = 30
TICKS = os.sysconf("SC_CLK_TCK")


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of `pid` and its live children (the gateway's workers)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        if int(entry) == pid or int(fields[1]) == pid:  # fields[1]: the parent's pid
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def backends_cpu(database_url: str) -> float:
    """CPU seconds of the PostgreSQL backends now serving this benchmark's databases (the services'
    pooled connections; one that closed meanwhile takes its CPU with it), not its own poller's."""
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as connection:
        pids = connection.execute(text("SELECT pid FROM pg_stat_activity WHERE datname LIKE :name"
                                       " AND pid <> pg_backend_pid() AND application_name <> :bench"),
                                  {"name": f"bench_{NAME}_%", "bench": NAME}).scalars().all()
    engine.dispose()
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def arrange(api: Api, warehouse: int) -> tuple[int, list[int]]:
    """A client processing orders at once in `warehouse`, and three products with ample stock."""
    customer = api.ok("POST", "/fulfilment/customers", {
        "name": f"Bench CPU {uuid.uuid4().hex[:6]}", "process_orders_at_once": True,
        "preferred_idwarehouse": warehouse})["idfulfilment_customer"]
    products = []
    for number in range(3):
        code = f"CPU-{uuid.uuid4().hex[:8]}"
        deadline = time.monotonic() + 30
        while (response := api.call("POST", "/products", {"idfulfilment_customer": customer, "productcode": code,
                                                           "name": code})).status_code != 201:
            if time.monotonic() > deadline:  # catalog may not have heard of the new customer yet
                sys.exit(f"POST /products: {response.status_code} {response.text[:300]}")
            time.sleep(0.2)
        product = response.json()["idproduct"]
        api.ok("POST", f"/products/{product}/stock/{warehouse}", {"change": 1_000_000, "reason": "bench"})
        products.append(product)
    return customer, products


def place_orders(api: Api, customer: int, products: list[int], count: int, clients: int) -> None:
    def place(number: int) -> None:
        order = api.ok("POST", "/orders", {"idfulfilment_customer": customer, "reference": f"CPU-{number}",
                                           **ADDRESS, "products": [{"idproduct": p, "amount": 1} for p in products]})
        if order["status"] != "processing" or order["products"][0].get("backordered", 0):
            sys.exit(f"order {order['idorder']} not processed (or its stock not reserved): {order}")

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(place, range(count)))


def not_reserved(orders_db: Engine, customer: int) -> int:
    """The client's orders whose stock is asked for and not yet answered, or whose lines wait."""
    with orders_db.connect() as connection:
        return connection.scalar(text(
            "SELECT count(*) FROM orders o WHERE o.customer_id = :customer AND (o.stock_reservation = 'asked'"
            " OR EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id AND l.allocated < l.amount))"),
            {"customer": customer})


def wait_until_reserved(orders_db: Engine, customer: int, timeout: float = 120) -> float:
    """Seconds until every order of the client holds its stock (polled every 20 ms)."""
    started = time.perf_counter()
    while not_reserved(orders_db, customer):
        if time.perf_counter() - started > timeout:
            sys.exit(f"{not_reserved(orders_db, customer)} orders still not reserved after {timeout:.0f} s")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=200, help="orders timed (default 200)")
    parser.add_argument("--clients", type=int, default=1, help="concurrent HTTP clients (default 1)")
    parser.add_argument("--log", help="write the services' log lines to this file")
    args = parser.parse_args()
    with running_stack(NAME, PORT, open(args.log, "w") if args.log else None) as stack:
        key, warehouse = bootstrap(stack.settings.amqp_uri)
        api = Api(stack.settings.base_url, key)
        customer, products = arrange(api, warehouse)
        orders_db = create_engine(stack.settings.database_urls["orders"],
                                  connect_args={"options": "-c default_transaction_read_only=on",
                                                "application_name": NAME})
        wait_until_quiet(f"bench_{NAME}")  # orders has heard of the client's rules
        place_orders(api, customer, products, WARMUP, args.clients)
        wait_until_reserved(orders_db, customer)
        wait_until_quiet(f"bench_{NAME}")
        names = stack.settings.process_names()
        before = {name: process_tree_cpu(stack.processes.pid(name)) for name in names}
        database_url = stack.settings.database_urls["orders"]
        backends_before = backends_cpu(database_url)
        load = os.getloadavg()[0]
        started = time.perf_counter()
        place_orders(api, customer, products, args.orders, args.clients)
        wall = time.perf_counter() - started
        reserved_after = wait_until_reserved(orders_db, customer)
        wait_until_quiet(f"bench_{NAME}")
        after = {name: process_tree_cpu(stack.processes.pid(name)) for name in names}
        backends = backends_cpu(database_url) - backends_before
        orders_db.dispose()
    print(f"{args.orders} orders of 3 lines, processed at once, {args.clients} client(s), load average {load:.1f}:"
          f" {args.orders / wall:.1f} orders/s")
    print(f"every order reserved {reserved_after:.2f} s after the last answer (goal: within {GOAL_SECONDS:g} s: "
          f"{'met' if reserved_after <= GOAL_SECONDS else 'NOT met'})")
    print("CPU ms per order: " + ", ".join(
        f"{name} {(after[name] - before[name]) * 1000 / args.orders:.1f}" for name in names)
        + f"; all {sum(after[n] - before[n] for n in names) * 1000 / args.orders:.1f}"
        + f"; their PostgreSQL backends {backends * 1000 / args.orders:.1f}")


if __name__ == "__main__":
    main()
