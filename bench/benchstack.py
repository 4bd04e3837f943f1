"""The whole system for a benchmark, started as `make run` starts it, but on databases, a broker
vhost, a gateway port and a mail folder of the benchmark's own: it never disturbs `make run`, the
tests or another benchmark (each benchmark names its own).
"""
import fcntl
import os
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from devstack.stack import SERVICES, Stack, StackSettings  # noqa: E402
from servicekit.config import DEFAULT_POSTGRES_URL  # noqa: E402
from servicekit.testing import drop_database  # noqa: E402

BROKER = "amqp://guest:guest@127.0.0.1:5672"
ADDRESS = {"deliveryname": "Bench", "deliveryaddress": "Benchstraat 1", "deliveryzipcode": "1000 AA",
           "deliverycity": "Amsterdam", "deliverycountry": "NL"}  # for the benchmarks' orders


def fresh_vhost(vhost: str) -> None:
    """The benchmark's vhost, emptied as its databases are: messages a stopped run left in the
    services' durable queues would otherwise reach the new run and name objects it never made."""
    subprocess.run(["rabbitmqctl", "-q", "delete_vhost", vhost], capture_output=True)  # absent the first time
    for command in (["add_vhost", vhost], ["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]):
        subprocess.run(["rabbitmqctl", "-q", *command], capture_output=True, check=True)


@contextmanager
def claimed(name: str) -> Iterator[None]:
    """Refuse a second run of the same benchmark at once: it would drop the first one's databases
    (with FORCE) under it. The lock goes with this process, however it ends."""
    with open(os.path.join(tempfile.gettempdir(), f"bench-{name}.lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"another run uses the databases bench_{name}_* now; wait until it ends") from None
        yield


@contextmanager
def running_system(name: str, port: int, output: TextIO | None = None) -> Iterator[StackSettings]:
    """Databases `bench_<name>_<service>` and the vhost `bench_<name>` (recreated, so every run
    starts empty), the five services and the gateway on `port`; stopped when the block ends,
    however it ends."""
    with running_stack(name, port, output) as stack:
        yield stack.settings


@contextmanager
def running_stack(name: str, port: int, output: TextIO | None = None) -> Iterator[Stack]:
    """`running_system`, yielding the stack itself (its processes' pids, for CPU figures)."""
    with claimed(name), tempfile.TemporaryDirectory(prefix=f"bench-{name}-mail-") as mail_dir:
        urls = {service: f"{DEFAULT_POSTGRES_URL}/bench_{name}_{service.replace('-', '_')}" for service in SERVICES}
        for url in urls.values():
            drop_database(url)
        fresh_vhost(f"bench_{name}")
        settings = StackSettings(amqp_uri=f"{BROKER}/bench_{name}", database_urls=urls, gateway_port=port,
                                 # Counted as in production, with a limit the benchmarks do not reach.
                                 extra_env={"SECRET_KEY": "bench", "MAIL_DIR": mail_dir,
                                            "RATE_LIMIT_PER_MINUTE": "100000000", "RATE_LIMIT_PREFIX": f"ratelimit-bench-{name}"})
        stack = Stack(settings, output=output or open("/dev/null", "w"))
        print("starting the system on its own databases and vhost ...", flush=True)
        stack.prepare()
        stack.start()
        try:
            stack.wait_until_healthy()
            yield stack
        finally:
            stack.stop()
