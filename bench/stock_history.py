"""How long the first page of a product's stock history takes with 1,000,000 movements, against
the same page for a product with 100, measured in the same run on the same database.

    make bench                                   (or: .venv/bin/python bench/stock_history.py)

Runs the catalog's own query function (`catalog.stock_history.list_stock_history`) against a
scratch database `bench_fulfilment_catalog` (created and migrated if missing; the million
movements are written once, in a few seconds, and kept for the next run; `--rebuild` starts
over). Rows:
  (a) baseline: first page (100 rows, newest first) of a product with 100 movements;
  (b) first page of the product with 1,000,000 movements;
  (c) a keyset page deep in that history (`before` = an id near the oldest);
  (d) the customer's whole history, first page (no product filter);
  (e) the first page with a date filter (`sincedate` a year back);
  (f) Picqer's `offset=900000` on that product: what deep offset paging costs (why the
      portal pages by keyset);
  (g) the first page of one user's movements (`iduser`): 200 of the million, one in 5,000.
No broker is needed; PostgreSQL is.
"""
import argparse
import os
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from catalog.stock_history import list_stock_history  # noqa: E402
from servicekit.database import make_session_factory  # noqa: E402
from servicekit.migrate import upgrade  # noqa: E402

BENCH_CATALOG_DATABASE_URL = os.environ.get(
    "BENCH_CATALOG_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_fulfilment_catalog")
CUSTOMER = 1
BIG, SMALL = 1, 2  # product ids
MOVEMENTS = 1_000_000
USER, EVERY = 424, 5_000  # a portal user made one in every 5,000 of the big product's movements


def prepare(url: str, rebuild: bool) -> None:
    upgrade("catalog", url)
    engine = create_engine(url)
    with engine.begin() as connection:
        present = connection.scalar(text("SELECT count(*) FROM stock_movements WHERE product_id = :p"), {"p": BIG})
        by_user = connection.scalar(text("SELECT count(*) FROM stock_movements WHERE user_id = :u"), {"u": USER})
        if present == MOVEMENTS and by_user == MOVEMENTS // EVERY and not rebuild:
            return
        print(f"writing {MOVEMENTS:,} movements (once; kept for the next run) ...", flush=True)
        connection.execute(text("TRUNCATE stock_movements, stock_levels, reservations, products, warehouses, "
                                "known_customers RESTART IDENTITY CASCADE"))
        connection.execute(text("INSERT INTO known_customers (customer_id, name) VALUES (:c, 'Bench BV')"), {"c": CUSTOMER})
        connection.execute(text("INSERT INTO warehouses (name) VALUES ('Bench warehouse')"))
        connection.execute(text("INSERT INTO products (customer_id, productcode, name, price) VALUES "
                                "(:c, 'BIG', 'A million movements', 0), (:c, 'SMALL', 'A hundred movements', 0)"),
                           {"c": CUSTOMER})
        # One movement a minute, oldest first, so that dates mean something; the small product's
        # hundred come last. The rest, as receipts and picklists are, made by no user.
        connection.execute(text("""
            INSERT INTO stock_movements (product_id, warehouse_id, customer_id, change, old_stock, new_stock, reason,
                                         created_at, user_id)
            SELECT :p, 1, :c, 1, n - 1, n, 'bench receipt', now() - make_interval(mins => :n_all - n),
                   CASE WHEN n % :every = 0 THEN :u END
            FROM generate_series(1, :n_all) AS n"""),
                           {"p": BIG, "c": CUSTOMER, "n_all": MOVEMENTS, "every": EVERY, "u": USER})
        connection.execute(text("""
            INSERT INTO stock_movements (product_id, warehouse_id, customer_id, change, old_stock, new_stock, reason)
            SELECT :p, 1, :c, 1, n - 1, n, 'bench receipt' FROM generate_series(1, 100) AS n"""),
                           {"p": SMALL, "c": CUSTOMER})
        connection.execute(text("INSERT INTO stock_levels (product_id, warehouse_id, on_hand, reserved) "
                                "VALUES (:big, 1, :n_all, 0), (:small, 1, 100, 0)"),
                           {"big": BIG, "small": SMALL, "n_all": MOVEMENTS})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE stock_movements"))
    engine.dispose()


def timed(session_factory, warmup: int, count: int, **query) -> list[float]:
    samples = []
    with session_factory() as session:
        for n in range(warmup + count):
            started = time.perf_counter()
            rows = list_stock_history(session, CUSTOMER, **query)
            elapsed = (time.perf_counter() - started) * 1000
            assert len(rows) == 100, (query, len(rows))
            if n >= warmup:
                samples.append(elapsed)
    return samples


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="write the million movements again")
    args = parser.parse_args(argv)
    url = BENCH_CATALOG_DATABASE_URL
    try:
        prepare(url, args.rebuild)
    except OperationalError as error:
        print(f"PostgreSQL does not answer for {url}: {error.orig}", file=sys.stderr)
        return 1
    session_factory = make_session_factory(url)
    with session_factory() as session:
        oldest = session.scalar(text("SELECT min(id) FROM stock_movements WHERE product_id = :p"), {"p": BIG})
    year_ago = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 365 * 86400))
    rows = [
        ("a", "baseline: first page, product with 100 movements", {"filters": {"idproduct": SMALL}}),
        ("b", f"first page, product with {MOVEMENTS:,} movements", {"filters": {"idproduct": BIG}}),
        ("c", "keyset page near the oldest (before=...)", {"filters": {"idproduct": BIG}, "before": oldest + 1000}),
        ("d", "whole customer history, first page", {}),
        ("e", f"first page since {year_ago}", {"filters": {"idproduct": BIG, "sincedate": year_ago}}),
        ("f", "Picqer offset=900000 on the big product", {"filters": {"idproduct": BIG}, "offset": 900_000}),
        ("g", f"first page of one user's ({MOVEMENTS // EVERY} movements)", {"filters": {"iduser": USER}}),
    ]
    print(f"PostgreSQL {make_session_factory(url).kw['bind'].url.render_as_string(hide_password=True)}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print(f"\n    {'stock history query (catalog.stock_history)':<52}{'n':>5}{'median':>9}{'p95':>9}{'min':>9}")
    print(f"    {'':<52}{'':>5}{'ms':>9}{'ms':>9}{'ms':>9}")
    results = {}
    for key, label, query in rows:
        count = args.calls if key != "f" else max(5, args.calls // 20)
        samples = timed(session_factory, args.warmup if key != "f" else 2, count, **query)
        results[key] = statistics.median(samples)
        p95 = sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]
        print(f"({key}) {label:<52}{len(samples):>5}{results[key]:>9.2f}{p95:>9.2f}{min(samples):>9.2f}")
    print(f"\n(b)/(a) = {results['b'] / results['a']:.2f}   (c)/(a) = {results['c'] / results['a']:.2f}   "
          f"(f)/(a) = {results['f'] / results['a']:.1f}   (g)/(a) = {results['g'] / results['a']:.2f}")
    session_factory.kw["bind"].dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
