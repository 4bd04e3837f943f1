"""The whole system running for a test suite, as `make run` runs it, on databases and a broker
vhost of the suite's own (a running `make run`, or another suite, is not disturbed)."""
import socket
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import requests
from nameko.rpc import ServiceProxy

from devstack.stack import CREDENTIALS_KEY, SERVICES, Stack, StackSettings, new_credentials_key
from servicekit.config import DEFAULT_POSTGRES_URL
from servicekit.testing import TEST_DATABASE_SUFFIX, drop_database


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class CopiedOutput:
    """The processes' output on stderr as always, and a copy in a file a test can read."""

    def __init__(self, copy: TextIO):
        self._copy = copy

    def write(self, text: str) -> None:
        sys.stderr.write(text)
        self._copy.write(text)

    def flush(self) -> None:
        sys.stderr.flush()
        self._copy.flush()

    def isatty(self) -> bool:
        return False


# Tests send far more than 500 requests a minute with one key, and key ids repeat across the
# stacks several people run at once: counters of each run's own, and a limit tests do not reach.
RATE_LIMITS_FOR_TESTS = {"RATE_LIMIT_PER_MINUTE": "1000000", "RATE_LIMIT_PREFIX": f"ratelimit-{uuid.uuid4()}"}


@contextmanager
def running_stack(database_prefix: str, amqp_uri: str, extra_env: dict[str, str],
                  log: TextIO | None = None, replicas: dict[str, int] | None = None) -> Iterator[Stack]:
    """Fresh databases `<database_prefix>_fulfilment_<service><TEST_DATABASE_SUFFIX>`, every
    process started and healthy (`replicas`: processes per service, as StackSettings takes them);
    stopped on leaving. `log` gets a copy of every process's output."""
    database_urls = {service: f"{DEFAULT_POSTGRES_URL}/{database_prefix}_fulfilment_{service.replace('-', '_')}"
                              f"{TEST_DATABASE_SUFFIX}" for service in SERVICES}
    for url in database_urls.values():
        drop_database(url)
    # Few idle connections per service: several test stacks share one PostgreSQL.
    settings = StackSettings(amqp_uri=amqp_uri, database_urls=database_urls, gateway_port=free_port(),
                             extra_env={"DATABASE_POOL_SIZE": "1", CREDENTIALS_KEY: new_credentials_key(),
                                        **RATE_LIMITS_FOR_TESTS, **extra_env},
                             replicas=replicas or {})
    settings.metrics_ports = {name: free_port() for name in settings.process_names()}
    running = Stack(settings, output=CopiedOutput(log) if log else sys.stderr)
    running.prepare()
    running.start()
    try:
        running.wait_until_healthy()
        yield running
    finally:
        running.stop()


def operator_session(accounts: ServiceProxy, key: str, name: str) -> requests.Session:
    """An API client with a new operator key."""
    accounts.create_api_key("operator", None, name, key)
    session = requests.Session()
    session.auth = (key, "")
    return session
