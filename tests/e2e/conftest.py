"""End-to-end: all five services and the gateway running as `make run` runs them, on databases
and a broker vhost of their own (a running `make run` is not disturbed), reached over real HTTP
and a real browser."""
import os
import socket
import sys
import tempfile

import pytest
import requests
from nameko.standalone.rpc import ClusterRpcProxy

from e2e_api import E2E_AMQP_URI

from devstack.stack import SERVICES, Stack, StackSettings
from servicekit.config import DEFAULT_POSTGRES_URL
from servicekit.testing import TEST_DATABASE_SUFFIX, drop_database

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
OPERATOR_KEY = "e2e-operator-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def mail_dir() -> str:
    """Where accounts writes the emails it sends (no SMTP_URL): tests read invites from here."""
    return tempfile.mkdtemp(prefix="e2e-mail-")


@pytest.fixture(scope="session")
def stack(mail_dir):
    database_urls = {service: f"{DEFAULT_POSTGRES_URL}/e2e_fulfilment_{service.replace('-', '_')}{TEST_DATABASE_SUFFIX}"
                     for service in SERVICES}
    for url in database_urls.values():
        drop_database(url)
    settings = StackSettings(amqp_uri=E2E_AMQP_URI, database_urls=database_urls, gateway_port=free_port(),
                             extra_env={"SECRET_KEY": "e2e-secret", "MAIL_DIR": mail_dir, "SMTP_URL": ""})
    running = Stack(settings, output=sys.stderr)
    running.prepare()
    running.start()
    try:
        running.wait_until_healthy()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def rpc(stack):
    """Direct RPC for arranging what the API cannot do yet (keys of one customer)."""
    with ClusterRpcProxy({"AMQP_URI": E2E_AMQP_URI, "serializer": "json"}) as proxy:
        yield proxy


@pytest.fixture(scope="session")
def base_url(stack) -> str:
    return stack.settings.base_url


@pytest.fixture(scope="session")
def operator(rpc, base_url) -> requests.Session:
    """An API client with an operator key."""
    rpc.accounts.create_api_key("operator", None, "e2e operator", OPERATOR_KEY)
    session = requests.Session()
    session.auth = (OPERATOR_KEY, "")
    return session


@pytest.fixture(scope="session")
def artifacts_dir() -> str:
    os.makedirs(ARTIFACTS, exist_ok=True)
    return os.path.abspath(ARTIFACTS)
