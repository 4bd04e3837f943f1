"""The five services and the gateway, started as `make run` and the end-to-end tests start them;
as production does, a service may run as several processes (replicas) at once."""
import base64
import os
import secrets
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
from kombu import Connection

from devstack.infrastructure import check_postgres, check_rabbitmq
from devstack.processes import Backoff, Exits, ProcessGroup
from servicekit.config import DEFAULT_AMQP_URI, database_url, env
from servicekit.migrate import package_name, upgrade

SERVICES = ("accounts", "catalog", "orders", "purchasing", "webshop-gateway")
LOCAL_STATE = os.path.join(os.getcwd(), "var")
# A process that exits this often while we wait for the system to be healthy fails the start (a
# port taken, a database missing) rather than waiting out the timeout; once is a hiccup, restarted.
EXITS_THAT_FAIL_THE_START = 2
# Where webshop_gateway finds the key for shop credentials (webshop_gateway.credentials).
CREDENTIALS_KEY = "WEBSHOP_CREDENTIALS_KEY"


class StackFailed(Exception):
    pass


def parse_replicas(setting: str) -> dict[str, int]:
    """`REPLICAS`, such as "orders=2,catalog=2": processes per service (others run one)."""
    replicas = {}
    for part in filter(None, (part.strip() for part in setting.split(","))):
        service, _, count = part.partition("=")
        service = service.strip()
        if service not in SERVICES or not count.strip().isdigit() or int(count) < 1:
            raise StackFailed(f"REPLICAS: {part!r} is not <service>=<number of processes>, with service one of "
                              f"{', '.join(SERVICES)}")
        replicas[service] = int(count)
    return replicas


@dataclass
class StackSettings:
    amqp_uri: str
    database_urls: dict[str, str]
    gateway_port: int
    gateway_host: str = "127.0.0.1"
    extra_env: dict[str, str] = field(default_factory=dict)
    replicas: dict[str, int] = field(default_factory=dict)  # processes per service; one if not named
    # Each process's metrics port (telemetry.metrics_server), by process name: one machine, so one each.
    metrics_ports: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_environment(cls) -> "StackSettings":
        settings = cls(
            amqp_uri=env("AMQP_URI", DEFAULT_AMQP_URI),
            database_urls={service: database_url(service) for service in SERVICES},
            gateway_port=int(env("GATEWAY_PORT", "8000")),
            gateway_host=env("GATEWAY_HOST", "127.0.0.1"),
            extra_env={"SECRET_KEY": env("SECRET_KEY", "") or local_secret_key(),
                       CREDENTIALS_KEY: env(CREDENTIALS_KEY, "") or local_credentials_key()},
            replicas=parse_replicas(env("REPLICAS", "")),
        )
        settings.metrics_ports = numbered_ports(int(env("METRICS_PORT", "9100")), settings.process_names())
        return settings

    def replica_names(self, service: str) -> list[str]:
        """The names of the service's processes: the service's own for one, numbered for more."""
        count = self.replicas.get(service, 1)
        return [service] if count == 1 else [f"{service}-{number}" for number in range(1, count + 1)]

    def process_names(self) -> list[str]:
        return [name for service in SERVICES for name in self.replica_names(service)] + ["gateway"]

    @property
    def mail_dir(self) -> str:
        return self.extra_env.get("MAIL_DIR") or env("MAIL_DIR", os.path.abspath("var/mail"))

    @property
    def vhost(self) -> str:
        return urlsplit(self.amqp_uri).path.lstrip("/") or "default"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    def process_env(self) -> dict[str, str]:
        # Without SMTP_URL, accounts writes emails into MAIL_DIR; links in them point here.
        # Webhook receivers a developer tries are on this machine: hooks may go to private addresses.
        # Counts in Redis are kept per broker vhost: two systems on one machine both have key 1.
        defaults = {"PORTAL_URL": f"{self.base_url}/fulfilmentportal", "MAIL_DIR": self.mail_dir,
                    "METRICS_HOST": "127.0.0.1", "WEBHOOKS_TO_PRIVATE_ADDRESSES": "true",
                    "RATE_LIMIT_PREFIX": f"ratelimit-{self.vhost}"}
        variables = {**defaults, **os.environ, "AMQP_URI": self.amqp_uri, "PYTHONUNBUFFERED": "1", **self.extra_env}
        for service, url in self.database_urls.items():
            variables[f"{service.upper().replace('-', '_')}_DATABASE_URL"] = url
        return variables


def numbered_ports(first: int, process_names: list[str]) -> dict[str, int]:
    """The gateway's metrics on `first`, each service process's on the ports after it."""
    names = ["gateway", *(name for name in process_names if name != "gateway")]
    return {name: first + number for number, name in enumerate(names)}


def local_secret(filename: str, make, state_dir: str = LOCAL_STATE) -> str:
    """A secret made once by `make()` and kept in var/ (readable by this user only), so that what
    it protects survives a restart of `make run`."""
    path = os.path.join(state_dir, filename)
    if not os.path.exists(path):
        os.makedirs(state_dir, exist_ok=True)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as secret_file:
            secret_file.write(make())
    with open(path) as secret_file:
        return secret_file.read().strip()


def local_secret_key(state_dir: str = LOCAL_STATE) -> str:
    """One signing key for every gateway worker (a key per worker would reject each other's
    session cookies): portal sessions survive a restart."""
    return local_secret("dev-secret-key", lambda: secrets.token_hex(32), state_dir)


def new_credentials_key() -> str:
    """A Fernet key (32 random bytes, URL-safe base64), as webshop_gateway encrypts shop credentials with."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def local_credentials_key(state_dir: str = LOCAL_STATE) -> str:
    """The key linked shops' credentials are encrypted with: kept, or they could not be read again."""
    return local_secret("dev-webshop-credentials-key", new_credentials_key, state_dir)


class Stack:
    def __init__(self, settings: StackSettings, output=sys.stdout, backoff: Backoff = Backoff()):
        self.settings = settings
        self.processes = ProcessGroup(settings.process_env(), output=output, backoff=backoff)

    def prepare(self) -> None:
        """Check the servers, create missing databases, migrate every schema."""
        check_postgres(next(iter(self.settings.database_urls.values())))
        check_rabbitmq(self.settings.amqp_uri)
        for service, url in self.settings.database_urls.items():
            upgrade(service, url)

    def start(self) -> None:
        self._check_gateway_port_is_free()
        for service in SERVICES:
            for name in self.settings.replica_names(service):
                self.processes.start(name, [sys.executable, "-m", "servicekit.run", service], self._metrics_env(name))
        self.processes.start("gateway", [
            sys.executable, "-m", "gunicorn", "--config", "python:gateway.gunicorn_settings",
            "--bind", f"{self.settings.gateway_host}:{self.settings.gateway_port}",
            "--worker-class", "gthread", "--workers", "2", "--threads", "8", "--graceful-timeout", "5",
            "gateway:create_app()",
        ], {**self._metrics_env("gateway"),
            # gunicorn's workers count in files there, summed by its master (gateway.gunicorn_settings).
            "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="gateway-metrics-")})

    def _metrics_env(self, name: str) -> dict[str, str]:
        port = self.settings.metrics_ports.get(name)
        return {"METRICS_PORT": str(port)} if port else {}

    def metrics_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.settings.metrics_ports[name]}/metrics"

    def _check_gateway_port_is_free(self) -> None:
        """Else the health check would reach whatever holds the port, not this gateway."""
        with socket.socket() as probe:
            # As gunicorn binds: connections of a just-stopped gateway in TIME_WAIT do not count.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((self.settings.gateway_host, self.settings.gateway_port))
            except OSError:
                raise StackFailed(
                    f"port {self.settings.gateway_port} is in use (another `make run`?); "
                    "stop it or choose another with GATEWAY_PORT=8001") from None

    def wait_until_healthy(self, timeout: float = 90) -> dict:
        """Until the gateway says healthy and every replica of every service takes requests (one
        answering is enough for the gateway's health)."""
        deadline = time.monotonic() + timeout
        last = "no answer yet"
        # Exits before this wait (a fault test killing a service) do not count against the start.
        earlier = self.processes.exits()
        while time.monotonic() < deadline:
            self._fail_if_crash_looping(earlier)
            try:
                response = requests.get(f"{self.settings.base_url}/healthz", timeout=5)
                if response.status_code == 200:
                    self.wait_until_consuming(SERVICES, timeout=max(deadline - time.monotonic(), 0))
                    return response.json()
                last = response.text
            except requests.RequestException as error:
                last = str(error)
            time.sleep(0.5)
        raise StackFailed(f"not healthy after {timeout:.0f} s: {last}")

    def wait_until_consuming(self, services, timeout: float) -> None:
        """Until each service's RPC queue has one consumer per replica: every process is up
        and takes its share of requests (after a start, or a replica's restart)."""
        deadline = time.monotonic() + timeout
        with Connection(self.settings.amqp_uri) as connection:
            while True:
                wanted = {service: len(self.settings.replica_names(service)) for service in services}
                # A service's package name is its nameko name, which names its RPC queue.
                consuming = {service: _consumers(connection, f"rpc-{package_name(service)}") for service in services}
                missing = [f"{service} {consuming[service]} of {count}" for service, count in wanted.items()
                           if consuming[service] < count]
                if not missing:
                    return
                if time.monotonic() >= deadline:
                    raise StackFailed(f"not every replica takes requests: {', '.join(missing)}")
                time.sleep(0.2)

    def _fail_if_crash_looping(self, earlier: dict[str, Exits]) -> None:
        failing = {name: exits for name, exits in self.processes.exits().items()
                   if exits.count - earlier[name].count >= EXITS_THAT_FAIL_THE_START}
        if failing:
            why = ", ".join(f"{name} {exits.last}" for name, exits in failing.items())
            raise StackFailed(f"{', '.join(failing)} kept stopping while starting (last: {why}); "
                              "see its output above")

    def stop(self) -> None:
        self.processes.stop_all()


def _consumers(connection: Connection, queue: str) -> int:
    """Consumers of the queue now (0 before it exists), asked of the broker without declaring it."""
    channel = connection.channel()
    try:
        return channel.queue_declare(queue, passive=True).consumer_count
    except connection.channel_errors:  # the broker closes the channel when the queue is missing
        return 0
    finally:
        try:
            channel.close()
        except Exception:  # closed by the broker already
            pass
