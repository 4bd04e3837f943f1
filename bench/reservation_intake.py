"""Catalog's reservation of one order's lines, without a broker: CPU per order.

    .venv/bin/python bench/reservation_intake.py [--orders 300] [--profile FILE]

Times, in one plain process, the transaction catalog runs when orders asks it to reserve the
lines of an order processed at once (`reservations.reserve_order_lines`: 3 lines, each product
with ample free stock, so each line holds its amount at once), on a scratch database
`bench_reservation_intake_catalog` (recreated each run). No events are published (there is no
broker): the outbox rows are written as in the service. The baseline, timed in the same run, is
a transaction that only locks the same three products and their levels and writes one outbox
row: the floor that no reservation goes below. Prints the CPU milliseconds (user + system of
this process, which includes psycopg's work but not the PostgreSQL server's) per order of each;
`--profile FILE` writes a cProfile (timed in CPU) of the timed reservations for
`python -m pstats FILE`.
"""
import itertools
import time

from servicekit.database import ServiceDatabase
from servicekit.unit_of_work import UnitOfWork

from catalog import customers, products, reserving, stock, warehouses

import intake_run

DATABASE = "bench_reservation_intake_catalog"
CUSTOMER = 1
WARMUP = 30


def arrange(db: ServiceDatabase) -> tuple[int, list[int]]:
    """A warehouse, a client and three of its products with stock for every order of the run."""
    warehouse = db.change(warehouses.create_warehouse, "Bench")["idwarehouse"]
    db.change(lambda uow: customers.remember_customer(uow.session, CUSTOMER, "Bench"))
    product_ids = [db.change(products.create_product, CUSTOMER, {"productcode": f"BENCH-{n}", "name": f"Bench {n}"})
                   ["idproduct"] for n in (1, 2, 3)]
    for product_id in product_ids:
        db.change(stock.change_stock, CUSTOMER, product_id, warehouse, 1_000_000, "bench")
    return warehouse, product_ids


def floor(uow: UnitOfWork, warehouse: int, product_ids: list[int]) -> None:
    stock.locked_stock_levels(uow.session, CUSTOMER, product_ids, warehouse)
    uow.add_event("bench_floor", {})


def main() -> None:
    args = intake_run.arguments(__doc__, "reservations")
    db = intake_run.scratch_database("catalog", DATABASE)
    warehouse, product_ids = arrange(db)
    line_ids = itertools.count(1)

    def reserve() -> float:
        lines = [{"order_line_id": next(line_ids), "idproduct": product_id, "amount": amount}
                 for product_id, amount in zip(product_ids, (1, 2, 1))]
        started = time.process_time()
        answer = db.change(reserving.reserve_order_lines, CUSTOMER, warehouse, lines)
        spent = time.process_time() - started
        if [line["amount"] for line in answer] != [1, 2, 1]:
            raise SystemExit(f"the lines were not all reserved: {answer}")
        return spent

    def lock_only() -> float:
        started = time.process_time()
        db.change(floor, warehouse, product_ids)
        return time.process_time() - started

    for _ in range(WARMUP):
        reserve(), lock_only()
    baseline = sum(lock_only() for _ in range(args.orders))
    with intake_run.profiled(args.profile) as profiling:
        reserved = sum(reserve() for _ in range(args.orders))
    per_order = {name: total * 1000 / args.orders for name, total in (("floor", baseline), ("reserve", reserved))}
    print(f"{args.orders} orders of 3 lines{' (profiled)' if profiling else ''}: CPU ms per order:"
          f" (a) baseline, locking the lines' products and levels {per_order['floor']:.2f};"
          f" (b) reserving them {per_order['reserve']:.2f}; (b)/(a) {per_order['reserve'] / per_order['floor']:.1f}x")


if __name__ == "__main__":
    main()
