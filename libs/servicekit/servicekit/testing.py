"""Pytest helpers for service tests: their own databases and broker vhost, never the ones a
running `make run` uses.

Service test suites run under `nameko test` (pytest with eventlet's monkeypatch applied first).
"""
import functools
from contextlib import contextmanager

import pytest
from kombu.mixins import ConsumerMixin
from marshmallow import fields
from nameko.events import BROADCAST, event_handler
from nameko.messaging import QueueConsumer
from nameko.rpc import Rpc
from nameko.standalone.events import event_dispatcher
from nameko.standalone.rpc import ServiceRpcProxy
from nameko.testing.services import entrypoint_waiter, replace_dependencies
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from servicekit.config import DEFAULT_POSTGRES_URL, env
from servicekit.database import ServiceDatabase, make_session_factory
from servicekit.migrate import ensure_database, upgrade
from servicekit.rpc import ServiceUnavailable
from servicekit.unit_of_work import refuse_remote_call

# nameko's consumer notices a stop request only once a second; every test stops a container,
# so check every 50 ms instead (about 1 s saved per test; tests only).
QueueConsumer.consume = functools.partialmethod(ConsumerMixin.consume, safety_interval=0.05)

TEST_AMQP_URI = env("TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/fulfilment_test")


# Two test runs on one machine at once (two developers, a developer and CI) each set their own
# TEST_DATABASE_SUFFIX and TEST_AMQP_URI vhost, or they drop each other's databases.
TEST_DATABASE_SUFFIX = env("TEST_DATABASE_SUFFIX", "")


def test_database_url(service: str) -> str:
    key = service.upper().replace("-", "_")
    return env(f"TEST_{key}_DATABASE_URL",
               f"{DEFAULT_POSTGRES_URL}/test_fulfilment_{key.lower()}{TEST_DATABASE_SUFFIX}")


def fresh_database(service: str) -> str:
    """Drop and recreate the service's test database at the newest schema; returns its URL."""
    url = test_database_url(service)
    drop_database(url)
    ensure_database(url)
    upgrade(service, url)
    return url


def truncate_all(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                 "AND tablename <> 'alembic_version'")
        ).all()
        if tables:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


def container_config(database_url: str, amqp_uri: str = TEST_AMQP_URI) -> dict:
    # The outbox sweep picks up what a commit left unpublished after a second, not five.
    return {"AMQP_URI": amqp_uri, "DATABASE_URL": database_url, "serializer": "json", "OUTBOX_SWEEP_AFTER_SECONDS": 1,
            "DATABASE_POOL_SIZE": 1}


def served_rpc_methods(service_cls) -> set[str]:
    """The RPC methods a service class serves, inherited ones included."""
    return {name for name in dir(service_cls)
            if any(isinstance(entrypoint, Rpc)
                   for entrypoint in getattr(getattr(service_cls, name), "nameko_entrypoints", ()))}


# Fixtures for a service's own test suite. Its tests/conftest.py names the service class in a
# `service_under_test` fixture; these provide the rest.

_migrated: set[str] = set()


@pytest.fixture
def service_database_url(service_under_test) -> str:
    """The service's test database, migrated once per session and emptied before each test."""
    name = service_under_test.name
    url = test_database_url(name)
    if name not in _migrated:
        fresh_database(name)
        _migrated.add(name)
    truncate_all(url)
    return url


@pytest.fixture
def db(service_database_url):
    """Direct database access for arranging and checking. It has no relay: what it commits
    stays in the outbox, as if the process had died before publishing."""
    session_factory = make_session_factory(service_database_url, pool_size=1)
    yield ServiceDatabase(session_factory, relay=None)
    session_factory.kw["bind"].dispose()


@pytest.fixture
def config(service_database_url, amqp_uri) -> dict:
    return container_config(service_database_url, amqp_uri)


@pytest.fixture
def container(container_factory, config, service_under_test):
    """The real service container on the test broker and database."""
    started = container_factory(service_under_test, config)
    started.start()
    return started


def started_with_fakes(container_factory, service_cls, config: dict, **fakes):
    """The real service container with neighbours replaced by fakes (`catalog=FakeCatalog()`)."""
    container = container_factory(service_cls, config)
    replace_dependencies(container, **fakes)
    container.start()
    return container


class FakeNeighbour:
    """A neighbouring service faked by its contract. Like servicekit's real proxy, every call
    refuses to run inside a transaction; `unreachable` makes the next calls fail as an
    unreachable service does. Subclasses call `_called(method)` first in every method."""

    service: str

    def __init__(self):
        self.calls: list[str] = []
        self.unreachable = 0  # calls still to fail

    def _called(self, method: str) -> None:
        refuse_remote_call(f"RPC {self.service}.{method}")
        self.calls.append(method)
        if self.unreachable:
            self.unreachable -= 1
            raise ServiceUnavailable(f"{self.service}.{method} did not answer within 5 s")


class FakeCatalogProducts(FakeNeighbour):
    """catalog's product look-ups as its contract promises them, over a fixed list `PRODUCTS`
    (catalog's product fields), for the services that name a client's products."""

    service = "catalog"
    PRODUCTS: list[dict] = []

    def find_products(self, customer_id, product_ids=(), productcodes=()):
        self._called("find_products")
        return [p for p in self.PRODUCTS if p["idfulfilment_customer"] == customer_id
                and (p["idproduct"] in product_ids or p["productcode"] in productcodes)]

    def find_product_ids(self, customer_id, productcodes):
        self._called("find_product_ids")
        return {p["productcode"]: p["idproduct"] for p in self.PRODUCTS
                if p["idfulfilment_customer"] == customer_id and p["productcode"] in productcodes}


@pytest.fixture
def deliver_event(container, config):
    """Publish another service's event as it would, and wait until the service under test has
    handled it (its handler is `handle_<event_type>`): `deliver_event("accounts", "customer_created", payload)`."""
    dispatch = event_dispatcher(config)

    def deliver(service: str, event_type: str, payload: dict) -> None:
        def is_this_event(worker_ctx, result, exc_info) -> bool:
            return worker_ctx.args[0].get("event_id") == payload["event_id"]

        with entrypoint_waiter(container, f"handle_{event_type}", timeout=10, callback=is_this_event):
            dispatch(service, event_type, payload)

    return deliver


@pytest.fixture
def rpc(container, config, service_under_test):
    """An RPC client of the service under test, over the broker."""
    with ServiceRpcProxy(service_under_test.name, config) as proxy:
        yield proxy


@pytest.fixture
def published(container_factory, config):
    """Catch the next event of a type: `with published("orders", "order_created") as event:`,
    act inside the block, then `event.get()` is its payload (the block waits for it).

    The listening queue is a broadcast one that lives only while the listener does, so events
    left over from earlier tests never arrive here.
    """
    @contextmanager
    def listen(service: str, event_type: str, timeout: float = 10):
        class Listener:
            name = f"test_listener_{service}_{event_type}"

            @event_handler(service, event_type, handler_type=BROADCAST, reliable_delivery=False)
            def handle(self, payload):
                return payload

        listener = container_factory(Listener, config)
        listener.start()
        with entrypoint_waiter(listener, "handle", timeout=timeout) as result:
            yield result

    return listen


@pytest.fixture(scope="session")
def amqp_uri() -> str:
    """Overrides nameko's fixture of the same name: our test vhost, no management plugin needed."""
    return TEST_AMQP_URI


def assert_shape(schema_cls, data: dict) -> None:
    """An RPC result or event payload has exactly the fields its contract schema names."""
    expected = {field.data_key or name for name, field in schema_cls().fields.items()
                if not field.load_only}
    assert set(data) == expected, f"{schema_cls.__name__}: got {sorted(data)}, want {sorted(expected)}"


def field_paths(schema_cls, prefix: str = "") -> set[str]:
    """Every field a schema names, nested ones as dotted paths (`customer.name`): to check that
    a consumer reads only fields its producer's contract promises."""
    paths = set()
    for name, field in schema_cls().fields.items():
        path = prefix + (field.data_key or name)
        paths.add(path)
        if isinstance(field, fields.Nested):
            paths |= field_paths(type(field.schema), f"{path}.")
    return paths


def drop_database(url: str) -> None:
    target = make_url(url)
    maintenance = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    maintenance.dispose()
