"""What reading one product through the API costs: requests a second, latency, and the CPU each
process spends on one request, next to the gateway answering alone.

    .venv/bin/python bench/product_read.py [--duration 15] [--connections 1,16]

Starts the whole system as `make run` does, on databases `bench_product_read_*`, the vhost
`bench_product_read` and port 8196 of its own, with one product (with stock in one warehouse)
and an operator key. Then wrk (one thread; installed with apt-get if missing) at each number of
connections, a 3 s warm-up before each row:
  (a) baseline: `GET /livez`: gunicorn, Flask and what wraps every request (request id, metrics,
      security headers, the access log), with no key, no Redis and no RPC;
  (b) `GET /api/v1/products/{id}` with the operator key: the key (verified by accounts at most
      every API_KEY_CACHE_SECONDS), its count in Redis, one catalog RPC and its query.
Each row prints requests a second, p50 and p99 latency in ms, and the CPU milliseconds (user +
system, from /proc) per request of: the gateway (master and workers), catalog, accounts, the
catalog database's PostgreSQL backends, the supervisor (this process, which relays the
processes' logs as `make run` does), wrk, and, when they run on this machine, Redis and
RabbitMQ (the last two are shared with anything else on the machine meanwhile).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import uuid

from benchstack import running_stack  # first: it silences eventlet's deprecation warning
from backorder_fill import Api, bootstrap
from order_cpu import TICKS, process_tree_cpu
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.pool import NullPool

NAME = "product_read"
PORT = 8196
WARMUP_SECONDS = 3


def pids_named(executable: str) -> list[int]:
    """Processes of this machine running `executable` (redis-server, RabbitMQ's beam.smp)."""
    found = subprocess.run(["pgrep", "-x", executable], capture_output=True, text=True).stdout
    return [int(pid) for pid in found.split()]


def database_backends(database: Connection) -> list[int]:
    """The PostgreSQL backends serving this database now (the service's pooled connections)."""
    return list(database.execute(text(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalars())


def sessions_opened(database: Connection) -> int:
    """Connections ever opened to this database, as PostgreSQL counts them."""
    return database.execute(text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")).scalar_one()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process alone (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def arrange(api: Api, warehouse: int) -> int:
    customer = api.ok("POST", "/fulfilment/customers", {"name": f"Bench read {uuid.uuid4().hex[:6]}"})
    code = f"READ-{uuid.uuid4().hex[:8]}"
    deadline = time.monotonic() + 30
    while (response := api.call("POST", "/products", {"idfulfilment_customer": customer["idfulfilment_customer"],
                                                       "productcode": code, "name": code})).status_code != 201:
        if time.monotonic() > deadline:  # catalog may not have heard of the new customer yet
            sys.exit(f"POST /products: {response.status_code} {response.text[:300]}")
        time.sleep(0.2)
    product = response.json()["idproduct"]
    api.ok("POST", f"/products/{product}/stock/{warehouse}", {"change": 100, "reason": "bench"})
    return product


def wrk(url: str, key: str | None, connections: int, seconds: int) -> dict:
    script = f'wrk.headers["Authorization"] = "Basic {_basic(key)}"\n' if key else ""
    with open(f"/tmp/bench-{NAME}.lua", "w") as lua:
        lua.write(script)
    run = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
                          "-s", lua.name, url], capture_output=True, text=True)
    out = run.stdout
    if run.returncode or "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"wrk against {url}: {(run.stderr or out).strip()}")
    return {"requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": _percentile(out, 50), "p99": _percentile(out, 99)}


def _percentile(out: str, percent: int) -> float:
    """From wrk's latency distribution, whose lines start with the percentage: the thread
    statistics above it end in one too ("+/- Stdev" 68.99%), followed by the next line's name."""
    return _ms(re.search(rf"^\s*{percent}%\s+(\S+)", out, re.MULTILINE).group(1))


def _basic(key: str) -> str:
    import base64

    return base64.b64encode(f"{key}:".encode()).decode()


def _ms(figure: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", figure).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def measured(watched, catalog_database: Connection, url: str, key: str | None, connections: int, seconds: int) -> dict:
    wrk(url, key, connections, WARMUP_SECONDS)
    processes = watched()  # after the warm-up: the catalog's pool has opened what this load needs
    before = {name: sum(map(read_cpu, pids)) for name, (read_cpu, pids) in processes.items()}
    wrk_before, sessions_before = _children_cpu(), sessions_opened(catalog_database)
    result = wrk(url, key, connections, seconds)
    after = {name: sum(map(read_cpu, pids)) for name, (read_cpu, pids) in processes.items()}
    cpu = {name: (after[name] - before[name]) * 1000 / result["requests"] for name in processes}
    cpu["wrk"] = (_children_cpu() - wrk_before) * 1000 / result["requests"]
    time.sleep(1)  # PostgreSQL's statistics lag by up to a second
    opened = sessions_opened(catalog_database) - sessions_before
    return {**result, "cpu": cpu, "connections_opened": opened}


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=15, help="seconds measured per row (default 15)")
    parser.add_argument("--connections", default="1,16", help="wrk connections, one row each (default 1,16)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["sh", "-c", "apt-get install -y wrk || (apt-get update && apt-get install -y wrk)"],
                       check=True, capture_output=True)
    with running_stack(NAME, PORT) as stack, \
            create_engine(stack.settings.database_urls["catalog"], isolation_level="AUTOCOMMIT",
                          poolclass=NullPool).connect() as catalog_database:  # one connection, held throughout
        key, warehouse = bootstrap(stack.settings.amqp_uri)
        product = arrange(Api(stack.settings.base_url, key), warehouse)

        def watched() -> dict:
            """How each one's CPU is read (the gateway with its workers, the others alone), and its pids."""
            return {"gateway": (process_tree_cpu, [stack.processes.pid("gateway")]),
                    "catalog": (cpu_seconds, [stack.processes.pid("catalog")]),
                    "accounts": (cpu_seconds, [stack.processes.pid("accounts")]),
                    "postgres (catalog)": (cpu_seconds, database_backends(catalog_database)),
                    "supervisor": (cpu_seconds, [os.getpid()]), "redis": (cpu_seconds, pids_named("redis-server")),
                    "rabbitmq": (cpu_seconds, pids_named("beam.smp"))}

        load = os.getloadavg()[0]
        rows = []
        for connections in (int(n) for n in args.connections.split(",")):
            for label, path, row_key in (("(a) GET /livez", "/livez", None),
                                         ("(b) GET /api/v1/products/{id}", f"/api/v1/products/{product}", key)):
                rows.append((label, connections, measured(watched, catalog_database, stack.settings.base_url + path,
                                                          row_key, connections, args.duration)))
    print(f"\nwrk, 1 thread, {args.duration} s a row after {WARMUP_SECONDS} s of warm-up; "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    names = list(rows[0][2]["cpu"])
    print(f"{'row':32} {'conns':>5} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} | CPU ms per request: "
          + ", ".join(names))
    for label, connections, row in rows:
        cpu = row["cpu"]
        print(f"{label:32} {connections:5d} {row['per_second']:7.1f} {row['p50']:7.1f} {row['p99']:7.1f} | "
              + ", ".join(f"{cpu[name]:.2f}" for name in names) + f"; ours {_ours(cpu):.2f}"
              + f" | catalog's new database connections: {row['connections_opened']}")


def _ours(cpu: dict) -> float:
    """What the platform's own processes spent (not wrk, and not the shared Redis and RabbitMQ)."""
    return sum(value for name, value in cpu.items() if name not in ("wrk", "redis", "rabbitmq"))


if __name__ == "__main__":
    main()
