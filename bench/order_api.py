"""How many orders a second the API takes, against a plain product read in the same run; and
how long a 10,000-line Excel order import takes, against just reading that file.

    make bench                                (or: .venv/bin/python bench/order_api.py)

Starts the whole system as `make run` does, on databases (`bench_fulfilment_*`) and a broker
vhost (`bench_fulfilment`) of its own, recreated each run, with one client, 50 products and a
client API key. Then, with 8 concurrent HTTP clients, it times:
  (a) baseline: `GET /api/v1/products/{id}`: authentication plus one catalog RPC;
  (b) `POST /api/v1/orders` with 3 lines: authentication, order validation, the catalog RPC that
      matches the lines, the order written with its outbox event, and the event published.
It prints requests per second, median and p95 latency for each, and (b) against (a).
Then, one request at a time, 3 times each:
  (c) baseline: reading a 10,000-line xlsx with openpyxl, in this process;
  (d) the portal's import of that file into a user's current order: upload, reading, every row
      checked by the orders service against the catalog, all lines written;
  (e) the current order page that follows: its first 100 of the 10,000 lines, and the count.
"""
import io
import re
import statistics
import sys
import threading
import time
import uuid
import warnings

import requests

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from nameko.standalone.rpc import ClusterRpcProxy  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from benchstack import ADDRESS, running_system  # noqa: E402

PORT = 8197
CLIENTS = 8
REQUESTS = 400  # per row


def timed(label: str, make_request, count: int = REQUESTS) -> dict:
    """`count` requests spread over CLIENTS threads, each with its own HTTP session."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    per_client = count // CLIENTS

    def client(number: int) -> None:
        session = requests.Session()
        for index in range(per_client):
            started = time.perf_counter()
            response = make_request(session, number * per_client + index)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status_code >= 400:
                    failures.append(f"{response.status_code} {response.text[:120]}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if failures:
        sys.exit(f"{label}: {len(failures)} failed requests, e.g. {failures[0]}")
    latencies.sort()
    return {"label": label, "n": len(latencies), "per_second": len(latencies) / wall,
            "median": statistics.median(latencies) * 1000, "p95": latencies[int(len(latencies) * 0.95)] * 1000}


IMPORT_LINES = 10_000


def order_file() -> bytes:
    """IMPORT_LINES distinct products, one each, with Dutch headers and an extra column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Artikelcode", "Aantal", "Omschrijving"])
    for number in range(IMPORT_LINES):
        sheet.append([f"B-{number:05}", 1, "bench line"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def portal_session(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/fulfilmentportal/login")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
    session.post(f"{base}/fulfilmentportal/login", data={"username": username, "password": password, "csrf_token": token})
    return session


def timed_once(label: str, action, times: int = 3) -> dict:
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        durations.append(time.perf_counter() - started)
    return {"label": label, "median": statistics.median(durations), "best": min(durations)}


def main() -> None:
    with running_system("fulfilment", PORT) as settings:
        with ClusterRpcProxy({"AMQP_URI": settings.amqp_uri, "serializer": "json"}) as rpc:
            username, password = f"bench-{uuid.uuid4().hex[:6]}", "bench-harbour-77"
            customer = rpc.accounts.create_customer({"name": f"Bench {uuid.uuid4().hex[:6]}", "can_login": True, "language": "en",
                                                     "username": username, "password": password})["idfulfilment_customer"]
            time.sleep(1)  # the catalog learns of the customer from its event
            products = [rpc.catalog.create_product(customer, {"productcode": f"B-{n:03}", "name": f"Bench {n}"})
                        for n in range(50)]
            # 10,000 products for the import: all distinct lines, as a big wholesale order has.
            rpc.catalog.import_products(customer, [{"row": n + 2, "product": {"productcode": f"B-{n:05}", "name": f"Line {n}"}}
                                                   for n in range(5000)])
            rpc.catalog.import_products(customer, [{"row": n + 2, "product": {"productcode": f"B-{n:05}", "name": f"Line {n}"}}
                                                   for n in range(5000, IMPORT_LINES)])
            key = rpc.accounts.create_api_key("customer", customer, "bench")["key"]
        base = settings.base_url
        ids = [product["idproduct"] for product in products]

        def read_product(session, index):
            return session.get(f"{base}/api/v1/products/{ids[index % len(ids)]}", auth=(key, ""))

        def create_order(session, index):
            lines = [{"idproduct": ids[(index + offset) % len(ids)], "amount": 1 + offset} for offset in range(3)]
            return session.post(f"{base}/api/v1/orders", auth=(key, ""),
                                json={**ADDRESS, "reference": f"BENCH-{index}", "products": lines})

        timed("warm-up", read_product, 80)
        rows = [timed("(a) GET /products/{id} (baseline)", read_product),
                timed("(b) POST /orders, 3 lines", create_order)]
        data = order_file()
        portal = portal_session(base, username, password)

        def import_file():
            page = portal.get(f"{base}/fulfilmentportal/current-order")
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
            response = portal.post(f"{base}/fulfilmentportal/current-order", data={"csrf_token": token, "action": "import"},
                                   files={"file": ("order.xlsx", data)}, allow_redirects=False)
            if response.status_code != 302:
                sys.exit(f"import failed: {response.status_code} {response.text[:300]}")

        def show_current_order():
            response = portal.get(f"{base}/fulfilmentportal/current-order")
            if f"of {IMPORT_LINES}" not in response.text.replace(",", ""):
                sys.exit("the current order page does not count every imported line")

        imports = [timed_once("(c) read the xlsx with openpyxl (baseline)",
                              lambda: list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))),
                   timed_once("(d) portal import into the current order", import_file),
                   timed_once("(e) then the current order page, first 100", show_current_order)]
    print(f"\n    {CLIENTS} concurrent clients, {REQUESTS} requests a row\n")
    print(f"    {'request':<36} {'n':>5} {'per second':>11} {'median ms':>10} {'p95 ms':>8}")
    for row in rows:
        print(f"    {row['label']:<36} {row['n']:>5} {row['per_second']:>11.1f} {row['median']:>10.1f} {row['p95']:>8.1f}")
    print(f"\n    orders per second are {rows[1]['per_second'] / rows[0]['per_second']:.2f}x the product reads")
    print(f"\n    a {IMPORT_LINES:,}-line Excel order ({len(data) // 1024} kB), 3 times each\n")
    print(f"    {'step':<46} {'median s':>9} {'best s':>8}")
    for row in imports:
        print(f"    {row['label']:<46} {row['median']:>9.2f} {row['best']:>8.2f}")
    print(f"\n    the whole import takes {imports[1]['median'] / imports[0]['median']:.1f}x the time of reading the file")


if __name__ == "__main__":
    main()
