"""Each worker's request id and metrics, on the real test broker: the id a caller sends is the
one a service logs under, passes on with its own RPCs and sends with the events it writes; every
RPC answered and event handled is counted; the outbox's backlog is read at each scrape."""
import uuid

import pytest
from nameko.events import event_handler
from nameko.standalone.rpc import ServiceRpcProxy
from nameko.testing.services import entrypoint_waiter
from prometheus_client import REGISTRY
from sqlalchemy import text
from telemetry import request_ids

from servicekit.database import make_session_factory
from servicekit.database_gauges import OUTBOX, DatabaseGauges
from servicekit.health import FulfilmentService
from servicekit.rpc import RpcProxy, rpc
from servicekit.worker_telemetry import WorkerTelemetry

seen: dict[str, str | None] = {}


class Refused(Exception):
    pass


class Downstream(FulfilmentService):
    name = "servicekit_test_downstream"
    version = "test"

    @rpc
    def note(self):
        seen["downstream"] = request_ids.current()


class Traced(FulfilmentService):
    name = "servicekit_test_traced"
    version = "test"
    downstream = RpcProxy("servicekit_test_downstream")

    @rpc(expected_exceptions=Refused)
    def place(self, refuse=False):
        if refuse:
            raise Refused("no")
        seen["traced"] = request_ids.current()
        self.downstream.note()
        self.db.change(lambda uow: uow.add_event("placed", {"placed": True}) and uow.commit())


class Listener:
    name = "servicekit_test_listener"
    telemetry = WorkerTelemetry()

    @event_handler("servicekit_test_traced", "placed")
    def handle_placed(self, payload):
        seen["listener"] = request_ids.current()


@pytest.fixture
def traced(container_factory, config):
    seen.clear()
    containers = [container_factory(service, config) for service in (Downstream, Traced, Listener)]
    for container in containers:
        container.start()
    return config, containers[2]


def test_the_callers_request_id_reaches_the_rpcs_and_events_its_request_causes(traced):
    config, listener = traced
    with entrypoint_waiter(listener, "handle_placed", timeout=10):
        with ServiceRpcProxy(Traced.name, config, context_data={"request_id": "req-42"}) as proxy:
            proxy.place()
    assert seen == {"traced": "req-42", "downstream": "req-42", "listener": "req-42"}


def test_a_request_without_an_id_gets_one_that_its_neighbours_share(traced):
    config, listener = traced
    with entrypoint_waiter(listener, "handle_placed", timeout=10):
        with ServiceRpcProxy(Traced.name, config) as proxy:
            proxy.place()
    assert seen["traced"] and len({seen["traced"], seen["downstream"], seen["listener"]}) == 1


def _count(name: str, labels: dict) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0


def test_rpcs_answered_and_events_handled_are_counted_by_outcome(traced):
    config, listener = traced
    ok = {"service": Traced.name, "method": "place", "outcome": "ok"}
    refused = {**ok, "outcome": "refused"}
    handled = {"service": Listener.name, "handler": "handle_placed", "outcome": "ok"}
    before = [_count("fulfilment_rpc_handled_total", ok), _count("fulfilment_rpc_handled_total", refused),
              _count("fulfilment_events_handled_total", handled)]
    with ServiceRpcProxy(Traced.name, config) as proxy:
        with entrypoint_waiter(listener, "handle_placed", timeout=10):
            proxy.place()
        with pytest.raises(Exception, match="Refused"):
            proxy.place(refuse=True)
    after = [_count("fulfilment_rpc_handled_total", ok), _count("fulfilment_rpc_handled_total", refused),
             _count("fulfilment_events_handled_total", handled)]
    assert [a - b for a, b in zip(after, before)] == [1, 1, 1]
    assert _count("fulfilment_rpc_handled_seconds_count", {"service": Traced.name, "method": "place"}) >= 2


def test_the_outbox_backlog_and_its_oldest_rows_age_are_read_at_each_scrape(service_database_url):
    session_factory = make_session_factory(service_database_url, pool_size=1)
    gauges = DatabaseGauges()
    gauges.add(1, "orders", session_factory, (OUTBOX,))
    with session_factory() as session, session.begin():
        for age in (30, 5):
            session.execute(text("INSERT INTO outbox (id, event_type, payload, created_at) "
                                 "VALUES (:id, 'placed', '{}', now() - make_interval(secs => :age))"),
                            {"id": uuid.uuid4(), "age": age})
        session.execute(text("INSERT INTO outbox (id, event_type, payload, published_at) "
                             "VALUES (:id, 'placed', '{}', now())"), {"id": uuid.uuid4()})
    figures = {family.name: family.samples[0] for family in gauges.collect()}
    assert figures["fulfilment_outbox_backlog"].value == 2
    assert figures["fulfilment_outbox_backlog"].labels == {"service": "orders"}
    assert 30 <= figures["fulfilment_outbox_oldest_age_seconds"].value < 60
    gauges.remove(1)
    assert gauges.collect() == []
    session_factory.kw["bind"].dispose()
