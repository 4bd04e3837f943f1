"""Events on the real test broker: a worker's commit hands its events to the service's
publisher and answers without waiting for the broker; the publisher sends them in the order
they committed, each batch confirmed by the broker once, and marks them published; what waits
when the service stops goes out before it does."""
import uuid

import eventlet
import pytest
from nameko.events import event_handler
from nameko.standalone.rpc import ServiceRpcProxy
from sqlalchemy import func, select

from servicekit.database import Database, events_publisher
from servicekit.messaging_tables import outbox
from servicekit.outbox import PendingEvent
from servicekit.rpc import rpc

heard: list[dict] = []


class Announcer:
    name = "servicekit_test_announcer"
    db = Database()

    @rpc
    def announce(self, numbers):
        def commit(uow):
            for number in numbers:
                uow.add_event("number_announced", {"number": number})
        self.db.change(commit)
        return len(numbers)


class Listener:
    name = "servicekit_test_listener"

    @event_handler("servicekit_test_announcer", "number_announced")
    def handle_number_announced(self, payload):
        heard.append(payload)


def wait_until(condition, seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        eventlet.sleep(0.05)
    raise AssertionError("not within time")


def first_heard() -> list[dict]:
    """Each event as first heard: the tests' sweep (after 1 s) may send one again on a slow machine."""
    seen = {}
    for payload in heard:
        seen.setdefault(payload["event_id"], payload)
    return list(seen.values())


def unmarked(db) -> int:
    return db.read(lambda session: session.scalar(
        select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))))


@pytest.fixture
def listening(container_factory, config):
    heard.clear()
    container_factory(Listener, config).start()


def test_events_of_many_commits_at_once_arrive_once_each_in_the_order_of_their_commit(
        container_factory, config, listening, db):
    announcer = container_factory(Announcer, config)
    announcer.start()
    with ServiceRpcProxy(Announcer.name, config) as proxy:
        calls = [proxy.announce.call_async([10 * call + number for number in range(3)]) for call in range(20)]
        assert sum(call.result() for call in calls) == 60
    wait_until(lambda: len(first_heard()) == 60)
    per_commit = {}
    for payload in first_heard():
        per_commit.setdefault(payload["number"] // 10, []).append(payload["number"] % 10)
    assert all(numbers == [0, 1, 2] for numbers in per_commit.values()) and len(per_commit) == 20
    wait_until(lambda: unmarked(db) == 0)  # the relay's next round marks them published


def test_what_waits_to_be_published_when_the_service_stops_goes_out_first(container_factory, config, listening, db):
    announcer = container_factory(Announcer, config)
    announcer.start()
    relay = next(dependency for dependency in announcer.extensions if isinstance(dependency, Database)).relay
    relay.publish_committed([PendingEvent(uuid.uuid4(), "number_announced", {"event_id": str(uuid.uuid4()),
                                                                              "number": number})
                             for number in range(5)])  # handed over; the publisher has not run yet
    announcer.stop()
    wait_until(lambda: len(first_heard()) == 5)
    assert [payload["number"] for payload in first_heard()] == [0, 1, 2, 3, 4]


def test_batches_one_after_another_on_one_channel_are_each_confirmed_in_full(config, listening):
    publish_all = events_publisher(config["AMQP_URI"], Announcer.name)
    for first, size in ((0, 50), (50, 1), (51, 7)):  # the broker's numbering goes on across batches
        publish_all([PendingEvent(uuid.uuid4(), "number_announced", {"event_id": str(uuid.uuid4()), "number": number})
                     for number in range(first, first + size)])
    wait_until(lambda: len(first_heard()) == 58)
    assert [payload["number"] for payload in first_heard()] == list(range(58))
