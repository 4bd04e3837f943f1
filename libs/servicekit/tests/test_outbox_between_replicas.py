"""Two replicas of a service share one database and its outbox: each keeps its own relay, and
their timers take turns (`servicekit.exclusive`). Rows a relay left behind are swept by one
replica at a time; a row published twice (a replica died between publishing and marking it)
reaches a handler that applies it once."""
import eventlet
import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import OperationalError

from servicekit.database import ServiceDatabase, make_session_factory
from servicekit.exclusive import exclusive
from servicekit.messaging_tables import outbox
from servicekit.outbox import OutboxRelay

LEFT_BEHIND = 60


class Broker:
    """What the relays published, in order; each publish yields, so that two relays interleave."""

    def __init__(self):
        self.published: list[dict] = []

    def publish(self, event_type: str, payload: dict, request_id: str | None = None) -> None:
        eventlet.sleep(0.001)
        self.published.append(payload)


@pytest.fixture
def replicas(service_database_url):
    """Two processes' own engines (one connection each) on one service database."""
    factories = [make_session_factory(service_database_url, pool_size=1) for _ in range(2)]
    yield factories
    for factory in factories:
        factory.kw["bind"].dispose()


def leave_events_behind(database: ServiceDatabase, count: int) -> None:
    """Events committed by a process that died before publishing them, a minute ago."""
    with database.unit_of_work() as uow:
        for number in range(count):
            uow.add_event("order_created", {"order": {"idorder": number}})
        uow.commit()
    database.change(lambda uow: uow.session.execute(
        update(outbox).values(created_at=func.now() - text("interval '1 minute'"))))


def unpublished(database: ServiceDatabase) -> int:
    return database.read(lambda session: session.scalar(
        select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))))


def test_two_replicas_sweeping_at_once_publish_each_row_left_behind_once(replicas):
    first, second = ServiceDatabase(replicas[0], relay=None), ServiceDatabase(replicas[1], relay=None)
    leave_events_behind(first, LEFT_BEHIND)
    broker = Broker()
    relays = [OutboxRelay(factory, broker.publish, batch_size=10) for factory in replicas]

    sweeps = [eventlet.spawn(relay.publish_pending) for relay in relays for _ in range(3)]
    swept = [sweep.wait() for sweep in sweeps]

    ids = [payload["event_id"] for payload in broker.published]
    assert len(ids) == LEFT_BEHIND and len(set(ids)) == LEFT_BEHIND
    assert sum(swept) == LEFT_BEHIND and unpublished(second) == 0


def test_an_event_published_again_after_a_replica_died_is_applied_once(replicas):
    broker = Broker()
    # The first replica publishes right after its commit and dies before marking the row.
    first = ServiceDatabase(replicas[0], relay=OutboxRelay(replicas[0], broker.publish))
    first.change(lambda uow: uow.add_event("order_created", {"order": {"idorder": 7}}))
    first.change(lambda uow: uow.session.execute(
        update(outbox).values(created_at=func.now() - text("interval '1 minute'"))))
    # The other replica's sweep finds it unmarked and publishes it again.
    assert OutboxRelay(replicas[1], broker.publish).publish_pending() == 1
    assert len(broker.published) == 2 and broker.published[0] == broker.published[1]

    second = ServiceDatabase(replicas[1], relay=None)
    applied = [second.change(lambda uow, payload=payload: uow.first_delivery(payload, "orders.handle_order_created"))
               for payload in broker.published]
    assert applied == [True, False]


def test_one_replica_at_a_time_and_the_turn_passes_when_one_dies(replicas):
    first_turn = exclusive(replicas[0], "mail sender")
    assert first_turn.__enter__() is True  # and never left: this replica is about to die
    with exclusive(replicas[1], "mail sender") as second, exclusive(replicas[1], "stock bookings") as other:
        assert (second, other) == (False, True)
    # The first replica dies holding its turn: its connection ends, and the turn with it.
    with replicas[1]() as session:
        # Only in this test's database: the server's other databases are other people's.
        session.execute(text("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' "
                             "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                             "AND pid <> pg_backend_pid()"))
    with exclusive(replicas[1], "mail sender") as after_death:
        assert after_death is True
    with pytest.raises(OperationalError):  # what is left of the dead one finds its connection gone
        first_turn.__exit__(None, None, None)
