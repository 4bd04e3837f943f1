"""Fault tests: the whole system running on a broker vhost and databases of its own, because these
tests close broker connections and kill services, which must not disturb the other e2e tests.
Timeouts are short, so that a fault shows within seconds. FAULTS_AMQP_URI names another vhost
(two suites on one machine at once)."""
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from nameko.standalone.rpc import ClusterRpcProxy
from sqlalchemy import create_engine

# The e2e helpers are plain modules beside their conftest; pytest puts that folder on sys.path
# only when it collects it, and this folder may run on its own.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))

from e2e_stack import operator_session, running_stack  # noqa: E402
from faults_api import (ALLOCATION_RECONCILE_SECONDS, BOOKING_RECONCILE_SECONDS, FAULTS_AMQP_URI, REPLICAS,  # noqa: E402
                        RPC_TIMEOUT, SERVICE_RPC_TIMEOUT, not_running)
from stock_consistency import Databases  # noqa: E402

from devstack.stack import Stack  # noqa: E402

OPERATOR_KEY = "faults-operator-key"


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    settings = {"SECRET_KEY": "faults-secret", "MAIL_DIR": tempfile.mkdtemp(prefix="faults-mail-"), "SMTP_URL": "",
                "SERVICE_RPC_TIMEOUT": str(SERVICE_RPC_TIMEOUT), "RPC_TIMEOUT": str(RPC_TIMEOUT),
                "ALLOCATION_RECONCILE_SECONDS": str(ALLOCATION_RECONCILE_SECONDS),
                "BOOKING_RECONCILE_SECONDS": str(BOOKING_RECONCILE_SECONDS)}
    with running_stack("faults", FAULTS_AMQP_URI, settings, replicas=REPLICAS) as running:
        yield running


@pytest.fixture(autouse=True)
def every_process_running(stack: Stack) -> None:
    """A fault an earlier test left unrepaired would make this test fail for the wrong reason."""
    stopped = not_running(stack, timeout=15)  # a restart under way may finish
    if stopped:
        pytest.fail(f"{', '.join(stopped)} stopped by an earlier test's fault and not restarted")


@pytest.fixture
def rpc(stack: Stack) -> Iterator[ClusterRpcProxy]:
    """Direct RPC for arranging what the API cannot do (warehouses, the operator key); one per
    test, as a test that closes the vhost's connections closes this one's too."""
    with ClusterRpcProxy({"AMQP_URI": FAULTS_AMQP_URI, "serializer": "json"}) as proxy:
        yield proxy


@pytest.fixture(scope="session")
def base_url(stack: Stack) -> str:
    return stack.settings.base_url


@pytest.fixture(scope="session")
def operator(stack: Stack) -> requests.Session:
    with ClusterRpcProxy({"AMQP_URI": FAULTS_AMQP_URI, "serializer": "json"}) as proxy:
        return operator_session(proxy.accounts, OPERATOR_KEY, "faults operator")


@pytest.fixture(scope="session")
def databases(stack: Stack) -> Iterator[Databases]:
    """orders' and catalog's databases, read-only: a check that wrote by mistake would prove nothing."""
    engines = {service: create_engine(stack.settings.database_urls[service], pool_size=2,
                                      connect_args={"options": "-c default_transaction_read_only=on"})
               for service in ("orders", "catalog")}
    yield Databases(**engines)
    for engine in engines.values():
        engine.dispose()


@pytest.fixture(scope="session")
def purchasing_database(stack: Stack) -> Iterator:
    """purchasing's database, read-only, for what it recorded of receipts and their bookings."""
    engine = create_engine(stack.settings.database_urls["purchasing"], pool_size=2,
                           connect_args={"options": "-c default_transaction_read_only=on"})
    yield engine
    engine.dispose()
