"""The orders service's own work for one order, without a broker: CPU per transaction.

    .venv/bin/python bench/order_intake.py [--orders 300] [--profile FILE]

`order_cpu.py` needs the whole system and minutes; this times, in one plain process, the two
transactions orders runs for an order placed through the API and processed at once: placing it
(`placing.create_order`: validated, matched to the client's products, stored, processing asked)
and recording catalog's answer (`first_answer.record_first_reservations`: each line holds its
stock, a picklist for it), with catalog's answer made up as catalog gives it when the stock is
there. No events are published (there is no broker): the outbox rows are written as in the
service. Runs on a scratch database `bench_order_intake_orders` (recreated each run). Prints the
CPU milliseconds (user + system of this process, which includes psycopg's work but not the
PostgreSQL server's) per order for each transaction; `--profile FILE` writes a cProfile (timed
in CPU) of the timed orders for `python -m pstats FILE`.
"""
import time
from datetime import datetime, timezone
from decimal import Decimal

from servicekit.database import ServiceDatabase

from orders import first_answer, placing
from orders.models import CustomerOrderRules, KnownProduct

import intake_run

DATABASE = "bench_order_intake_orders"
CUSTOMER, WAREHOUSE = 1, 1
ORDER = {"reference": "BENCH-1", "deliveryname": "Bench", "deliveryaddress": "Benchstraat 1",
         "deliveryzipcode": "1000 AA", "deliverycity": "Amsterdam", "deliverycountry": "NL",
         "products": [{"idproduct": 1, "amount": 1}, {"idproduct": 2, "amount": 2}, {"idproduct": 3, "amount": 1}]}
WARMUP = 30


def arrange(db: ServiceDatabase) -> None:
    """A client whose orders are processed at once, and its three products as catalog announced them."""
    now = datetime.now(timezone.utc)
    with db.session_factory() as session, session.begin():
        session.add(CustomerOrderRules(customer_id=CUSTOMER, changes_allowed_until="picking",
                                       process_orders_at_once=True, preferred_warehouse_id=WAREHOUSE,
                                       allowed_shipping_profiles=[], version=1, updated_at=now))
        session.add_all([KnownProduct(id=number, customer_id=CUSTOMER, productcode=f"BENCH-{number}",
                                      name=f"Bench product {number}", price=Decimal("9.95"), catalog_updated_at=now)
                         for number in (1, 2, 3)])


def catalog_answer(order: dict) -> list[dict]:
    """What catalog answers when every line's stock is there."""
    return [{"order_line_id": line["idorder_product"], "idproduct": line["idproduct"], "amount": line["amount"],
             "wanted": line["amount"], "consumed": 0, "status": "reserved", "version": 1}
            for line in order["products"]]


def place_and_record(db: ServiceDatabase) -> tuple[float, float]:
    """CPU seconds of the two transactions of one order."""
    started = time.process_time()
    order = db.change(placing.create_order, CUSTOMER, ORDER, "api", "bench", None)["order"]
    placed = time.process_time()
    recorded = db.change(first_answer.record_first_reservations, order, catalog_answer(order))
    if recorded["stock_reservation"] != "recorded" or not recorded["picklists"]:
        raise SystemExit(f"order {order['idorder']} not recorded as reserved: {recorded}")
    return placed - started, time.process_time() - placed


def main() -> None:
    args = intake_run.arguments(__doc__, "orders")
    db = intake_run.scratch_database("orders", DATABASE)
    arrange(db)
    for _ in range(WARMUP):
        place_and_record(db)
    with intake_run.profiled(args.profile) as profiling:
        timings = [place_and_record(db) for _ in range(args.orders)]
    create, record = (sum(column) * 1000 / args.orders for column in zip(*timings))
    print(f"{args.orders} orders of 3 lines, processed at once{' (profiled)' if profiling else ''}:"
          f" CPU ms per order: placing {create:.2f}, recording catalog's answer {record:.2f}; both {create + record:.2f}")


if __name__ == "__main__":
    main()
