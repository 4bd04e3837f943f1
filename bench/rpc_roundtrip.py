"""How long one gateway -> service RPC takes, against a raw AMQP round trip on the same broker.

    make bench                                   (or: .venv/bin/python bench/rpc_roundtrip.py)

In one run, on this machine, it measures and prints:
  (a) kombu alone: publish with reply_to + correlation_id to a plain kombu echo process, wait
      for the reply on an exclusive reply queue (the baseline: two processes and the broker);
  (b) `gateway.rpc.RpcClient` -> a nameko `echo` RPC (the gateway's long-lived per-thread proxy);
  (c) the same call opening a new `ClusterRpcProxy` per call (what DESIGN.md warns against);
  (d) `accounts.health` via `RpcClient` against the real accounts service on a scratch database
      (skipped, with a note, when PostgreSQL is not reachable or with --no-accounts).

Everything runs on a broker vhost of its own (`fulfilment_bench`, created by `make bench`), so it
never disturbs `make run` or the tests. The helper processes are this file itself in a serving
mode; they are stopped on exit, on error and on Ctrl-C, and die with this process if it is killed.
"""
import argparse
import atexit
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from dataclasses import dataclass

BENCH_AMQP_URI = os.environ.get("BENCH_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/fulfilment_bench")
BENCH_ACCOUNTS_DATABASE_URL = os.environ.get(
    "BENCH_ACCOUNTS_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_fulfilment_accounts")
ECHO_SERVICE = "bench_echo"
KOMBU_ECHO_QUEUE = "bench-kombu-echo"
RPC_TIMEOUT = 10.0
START_TIMEOUT = 30.0
PAYLOAD = {"sku": "BENCH-0001", "quantity": 3, "note": "x" * 64}

# nameko imports eventlet, which warns on import; this file's helpers import it too
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")


# ---------------------------------------------------------------------------------------------
# Serving modes: each runs in a subprocess started by the benchmark.
# ---------------------------------------------------------------------------------------------

def serve_nameko_echo(amqp_uri: str) -> None:
    """A nameko service with one `echo` RPC and no database, in nameko's runner under eventlet,
    the way `servicekit.run` runs the real services."""
    import eventlet

    eventlet.monkey_patch()
    import logging

    from nameko.cli.run import run

    from servicekit.rpc import rpc  # the entrypoint every service uses

    class BenchEchoService:
        name = ECHO_SERVICE

        @rpc
        def echo(self, value):
            return value

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # the keys servicekit.config.nameko_config gives the real services, minus the database
    config = {"AMQP_URI": amqp_uri, "serializer": "json", "max_workers": 10}
    run([BenchEchoService], config)


def serve_accounts() -> None:
    """The real accounts service, exactly as `make run` starts it (`python -m servicekit.run`)."""
    from servicekit.run import main

    main(["accounts"])


def serve_kombu_echo(amqp_uri: str) -> None:
    """Plain kombu, no nameko, no eventlet: answer each request on its reply_to queue."""
    from kombu import Connection, Consumer, Producer, Queue

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        producer = Producer(channel)
        queue = Queue(KOMBU_ECHO_QUEUE, auto_delete=True, durable=False)

        def on_request(body, message):
            producer.publish(body, routing_key=message.properties["reply_to"], serializer="json",
                             correlation_id=message.properties["correlation_id"])
            message.ack()

        with Consumer(channel, queues=[queue], callbacks=[on_request], accept=["json"]):
            while not stopping:
                try:
                    connection.drain_events(timeout=0.5)
                except socket.timeout:
                    pass


# ---------------------------------------------------------------------------------------------
# The helper processes.
# ---------------------------------------------------------------------------------------------

def _die_with_parent() -> None:  # runs in the child between fork and exec (Linux)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class Helper:
    """One subprocess running this file in a serving mode; output goes to a temporary file that
    is shown only if it fails."""

    running: list["Helper"] = []

    def __init__(self, name: str, args: list[str], env: dict[str, str] | None = None):
        self.name = name
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), *args],
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent,
        )
        Helper.running.append(self)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.output()}")

    def cpu_seconds(self) -> float | None:
        return process_cpu_seconds(self.process.pid)

    @classmethod
    def stop_all(cls, grace: float = 10.0) -> None:
        """SIGTERM to all at once (nameko's runner stops gracefully on it), SIGKILL after `grace`."""
        helpers, cls.running = list(cls.running), []
        for helper in helpers:
            if helper.process.poll() is None:
                try:
                    os.killpg(helper.process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + grace
        for helper in helpers:
            try:
                helper.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(helper.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                helper.process.wait()
            helper.log.close()


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process (Linux /proc), None when it cannot be read."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def local_broker_pid() -> int | None:
    """The local RabbitMQ (Erlang VM) process, if the broker runs on this machine."""
    try:
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/comm") as comm:
                        if comm.read().strip() == "beam.smp":
                            return int(entry)
                except OSError:
                    continue
    except OSError:
        pass
    return None


def wait_for_consumer(amqp_uri: str, queue_name: str, helper: Helper) -> None:
    """Until the queue exists and someone consumes from it (the helper is ready)."""
    from kombu import Connection

    deadline = time.monotonic() + START_TIMEOUT
    with Connection(amqp_uri, connect_timeout=3) as connection:
        while time.monotonic() < deadline:
            helper.check_alive()
            channel = connection.channel()
            try:
                _, _, consumers = channel.queue_declare(queue_name, passive=True)
                if consumers:
                    return
            except Exception:  # NotFound closes the channel; try again with a new one
                pass
            finally:
                try:
                    channel.close()
                except Exception:
                    pass
            time.sleep(0.1)
    raise RuntimeError(f"{helper.name} did not start consuming {queue_name} in {START_TIMEOUT:.0f} s:\n"
                       f"{helper.output()}")


# ---------------------------------------------------------------------------------------------
# The measurements.
# ---------------------------------------------------------------------------------------------

@dataclass
class Result:
    samples: list[float]  # ms per call
    cpu_ms: dict[str, float | None]  # CPU ms per call of the caller, the server, the broker

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(call, warmup: int, count: int, server: Helper, broker_pid: int | None) -> Result:
    """`warmup` untimed calls, then `count` calls timed one by one; also the CPU time the caller
    (this process), the server process and the broker process spent on them."""
    for _ in range(warmup):
        call()
    before = (time.process_time(), server.cpu_seconds(), process_cpu_seconds(broker_pid))
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    after = (time.process_time(), server.cpu_seconds(), process_cpu_seconds(broker_pid))
    cpu = {name: None if b is None or a is None else (a - b) * 1000 / count
           for name, b, a in zip(("caller", "server", "broker"), before, after)}
    return Result(samples, cpu)


class KombuClient:
    """Request/reply with kombu alone: an exclusive reply queue, publish, drain until it answers."""

    def __init__(self, amqp_uri: str):
        from kombu import Connection, Consumer, Producer, Queue

        self.connection = Connection(amqp_uri)
        self.channel = self.connection.channel()
        self.producer = Producer(self.channel)
        self.reply_queue = Queue(f"bench-kombu-reply-{uuid.uuid4().hex}", exclusive=True, auto_delete=True)
        self.replies: dict[str, object] = {}
        self.consumer = Consumer(self.channel, queues=[self.reply_queue], callbacks=[self._on_reply],
                                 accept=["json"], no_ack=True)
        self.consumer.consume()

    def _on_reply(self, body, message):
        self.replies[message.properties["correlation_id"]] = body

    def call(self, body):
        correlation_id = uuid.uuid4().hex
        self.producer.publish(body, routing_key=KOMBU_ECHO_QUEUE, serializer="json",
                              reply_to=self.reply_queue.name, correlation_id=correlation_id)
        deadline = time.monotonic() + RPC_TIMEOUT
        while correlation_id not in self.replies:
            self.connection.drain_events(timeout=max(deadline - time.monotonic(), 0.001))
        return self.replies.pop(correlation_id)

    def close(self):
        self.connection.release()


def delete_queues(amqp_uri: str, names: list[str]) -> None:
    """nameko's reply queues are durable and outlive their proxy by 5 minutes (x-expires); (c)
    leaves one per call, so delete them rather than let them pile up on the vhost."""
    from kombu import Connection

    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        for name in names:
            channel.queue_delete(name)


def print_table(rows: list[tuple[str, str, Result | None, str]], broker_found: bool) -> None:
    def cpu(value: float | None) -> str:
        return f"{value:>8.2f}" if value is not None else f"{'-':>8}"

    print()
    print(f"{'':4}{'round trip':<54}{'n':>5}{'median':>8}{'p95':>8}{'min':>8} |"
          f"{'CPU per call: caller':>21}{'server':>8}{'broker':>8}")
    print(f"{'':4}{'':<54}{'':>5}{'ms':>8}{'ms':>8}{'ms':>8} |{'ms':>21}{'ms':>8}{'ms*':>8}")
    print(f"{'':4}{'-' * 129}")
    for key, label, result, note in rows:
        if result is None:
            print(f"({key}) {label:<54}  skipped: {note}")
        else:
            print(f"({key}) {label:<54}{len(result.samples):>5}{result.median:>8.2f}{result.p95:>8.2f}"
                  f"{min(result.samples):>8.2f} |{'':>13}{cpu(result.cpu_ms['caller'])}"
                  f"{cpu(result.cpu_ms['server'])}{cpu(result.cpu_ms['broker'])}")
    print()
    if broker_found:
        print("    * the whole RabbitMQ process: includes any other traffic on the broker meanwhile")
    else:
        print("    * no local RabbitMQ process found: broker CPU not measured")


def ratio(numerator: Result | None, denominator: Result | None) -> str:
    if not numerator or not denominator:
        return "n/a"
    return f"{numerator.median / denominator.median:.1f}x"


def prepare_accounts_database(url: str) -> str | None:
    """None when ready, else why (d) is skipped."""
    import logging

    try:
        from devstack.infrastructure import InfrastructureMissing, check_postgres
        from servicekit.migrate import upgrade
    except ImportError as error:
        return f"cannot import the stack's packages ({error})"
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        check_postgres(url)
        upgrade("accounts", url)
    except InfrastructureMissing:
        return "PostgreSQL not reachable"
    except Exception as error:  # reported, not fatal: (d) is optional
        return f"scratch database failed: {error}"
    return None


def benchmark(args) -> int:
    from kombu import Connection
    from nameko.standalone.rpc import ClusterRpcProxy

    from gateway.rpc import RpcClient

    amqp_uri = args.amqp_uri
    try:
        with Connection(amqp_uri, connect_timeout=3) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as error:
        print(f"RabbitMQ does not answer at {Connection(amqp_uri).as_uri()}: {error}\n"
              f"(is the vhost there? `make test-vhosts` creates it)", file=sys.stderr)
        return 1

    n, warmup = args.calls, args.warmup
    started = time.monotonic()
    broker_pid = local_broker_pid()
    results: dict[str, Result] = {}
    notes: dict[str, str] = {}

    print(f"broker {Connection(amqp_uri).as_uri()}, python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print("starting the helper processes ...", flush=True)
    kombu_echo = Helper("kombu echo", ["--serve-kombu-echo", amqp_uri])
    nameko_echo = Helper("nameko echo service", ["--serve-nameko-echo", amqp_uri])
    accounts = None
    if args.accounts:
        reason = prepare_accounts_database(BENCH_ACCOUNTS_DATABASE_URL)
        if reason:
            notes["d"] = reason
        else:
            accounts = Helper("accounts service", ["--serve-accounts"], env={
                "AMQP_URI": amqp_uri, "ACCOUNTS_DATABASE_URL": BENCH_ACCOUNTS_DATABASE_URL})
    else:
        notes["d"] = "--no-accounts"
    wait_for_consumer(amqp_uri, KOMBU_ECHO_QUEUE, kombu_echo)
    wait_for_consumer(amqp_uri, f"rpc-{ECHO_SERVICE}", nameko_echo)
    if accounts:
        wait_for_consumer(amqp_uri, "rpc-accounts", accounts)
    print(f"ready after {time.monotonic() - started:.1f} s; timing ...", flush=True)

    # (a) the baseline
    client = KombuClient(amqp_uri)
    try:
        if client.call(PAYLOAD) != PAYLOAD:
            raise RuntimeError("the kombu echo answered something else")
        results["a"] = timed(lambda: client.call(PAYLOAD), warmup, n, kombu_echo, broker_pid)
    finally:
        client.close()

    # (b) and (d): the gateway's own client, one long-lived proxy for this thread
    rpc = RpcClient(amqp_uri, timeout=RPC_TIMEOUT)
    try:
        if rpc.bench_echo.echo(PAYLOAD) != PAYLOAD:
            raise RuntimeError("the nameko echo service answered something else")
        results["b"] = timed(lambda: rpc.bench_echo.echo(PAYLOAD), warmup, n, nameko_echo, broker_pid)
        if accounts:
            health = rpc.accounts.health()
            if health.get("ok"):
                results["d"] = timed(rpc.accounts.health, warmup, n, accounts, broker_pid)
            else:
                notes["d"] = f"accounts not healthy: {health}"
    finally:
        rpc.close()

    # (c) a new proxy per call: connection, channel, reply queue, consumer, then all torn down
    config = {"AMQP_URI": amqp_uri, "serializer": "json"}
    reply_queues: list[str] = []

    def call_with_new_proxy():
        standalone = ClusterRpcProxy(config, timeout=RPC_TIMEOUT)
        with standalone as proxy:
            answer = proxy.bench_echo.echo(PAYLOAD)
        reply_queues.append(standalone._reply_listener.queue.name)
        return answer

    try:
        results["c"] = timed(call_with_new_proxy, max(1, warmup // 5), args.calls_new_proxy, nameko_echo,
                             broker_pid)
    finally:
        delete_queues(amqp_uri, reply_queues)

    print_table([
        ("a", "kombu alone: publish + reply_to, wait on reply queue", results.get("a"), ""),
        ("b", "gateway RpcClient -> nameko echo (long-lived proxy)", results.get("b"), ""),
        ("c", "new ClusterRpcProxy per call -> nameko echo", results.get("c"), ""),
        ("d", "gateway RpcClient -> accounts.health (PostgreSQL)", results.get("d"), notes.get("d", "")),
    ], broker_found=broker_pid is not None)
    print(f"    (b)/(a) = {ratio(results.get('b'), results.get('a'))}   "
          f"(c)/(b) = {ratio(results.get('c'), results.get('b'))}   "
          f"(d)/(b) = {ratio(results.get('d'), results.get('b'))}   "
          f"after {warmup} warm-up calls each ({max(1, warmup // 5)} for c); "
          f"{time.monotonic() - started:.1f} s in all")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--amqp-uri", default=BENCH_AMQP_URI)
    parser.add_argument("--calls", type=int, default=500, help="timed calls for (a), (b) and (d)")
    parser.add_argument("--calls-new-proxy", type=int, default=100, help="timed calls for (c)")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--no-accounts", dest="accounts", action="store_false", help="skip (d)")
    parser.add_argument("--serve-nameko-echo", metavar="AMQP_URI", help=argparse.SUPPRESS)
    parser.add_argument("--serve-kombu-echo", metavar="AMQP_URI", help=argparse.SUPPRESS)
    parser.add_argument("--serve-accounts", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.serve_nameko_echo:
        serve_nameko_echo(args.serve_nameko_echo)
        return 0
    if args.serve_kombu_echo:
        serve_kombu_echo(args.serve_kombu_echo)
        return 0
    if args.serve_accounts:
        serve_accounts()
        return 0

    atexit.register(Helper.stop_all)
    # SIGTERM/SIGHUP as Ctrl-C (SIGINT too, even if started with it ignored, as `cmd &` does):
    # unwind through the finally blocks
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)
    try:
        return benchmark(args)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except RuntimeError as error:  # a helper did not start or answered wrongly
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        Helper.stop_all()


if __name__ == "__main__":
    sys.exit(main())
