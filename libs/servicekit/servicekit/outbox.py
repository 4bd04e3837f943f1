"""Publishing the outbox: events leave the database only after the transaction that wrote them
committed, and stay there until the broker has them.

Nothing here publishes while a transaction is open: rows are read, the session is done with,
then the broker is called, then the rows are marked in a transaction of their own.
"""
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import sessionmaker

from servicekit.exclusive import exclusive
from servicekit.messaging_tables import outbox

log = logging.getLogger(__name__)

# publish(event_type, payload, request_id)
Publish = Callable[[str, dict, str | None], None]

# The sweep leaves younger rows to the unit of work that wrote them, which publishes them
# right after its commit; older ones were left behind by a publish that failed or a process
# that died in between.
DEFAULT_SWEEP_AFTER_SECONDS = 5.0


@dataclass(frozen=True)
class PendingEvent:
    id: uuid.UUID
    event_type: str
    payload: dict
    request_id: str | None = None


# publish_all(events): every one published, or an exception
PublishAll = Callable[[list[PendingEvent]], None]


def _one_by_one(publish: Publish, events: list[PendingEvent]) -> None:
    for event in events:
        publish(event.event_type, event.payload, event.request_id)


class OutboxRelay:
    """Publishes with `publish_all` (a batch of events, confirmed by the broker once), or
    `publish` (one event), given either."""

    def __init__(self, session_factory: sessionmaker, publish: Publish | None = None, batch_size: int = 100,
                 sweep_after_seconds: float = DEFAULT_SWEEP_AFTER_SECONDS, publish_all: PublishAll | None = None):
        self._session_factory = session_factory
        self._publish_all = publish_all or (lambda events: _one_by_one(publish, events))
        self._batch_size = batch_size
        self._sweep_after = timedelta(seconds=sweep_after_seconds)
        self._published_unmarked: list[uuid.UUID] = []
        self._committed: list[PendingEvent] = []  # to publish in the background
        self._wake: threading.Event | None = None

    def publish_committed(self, events: list[PendingEvent]) -> None:
        """Right after a commit: publish what it wrote, at once, or in the background while
        `publish_in_background` runs (the caller answers without waiting for the broker). A
        failure leaves them for the sweep. They are marked as published by the relay's next
        round (`mark_published`), all at once, rather than in a transaction after every commit."""
        if self._wake is None:
            self._publish_now(events)
            return
        self._committed.extend(events)
        self._wake.set()

    def publish_in_background(self) -> None:
        """Run in a thread of its own (a greenthread under nameko): publishes what commits hand
        over, in the order they committed, each batch of whatever waits confirmed by the broker
        once; returns once `stop_publishing_in_background` is called."""
        wake = self._wake = threading.Event()
        while self._wake is wake:
            wake.wait()
            wake.clear()
            self._publish_waiting()

    def stop_publishing_in_background(self, publish_waiting: bool = True) -> None:
        """Publish what waits now (or leave it to the sweep), and publish at once after each
        commit from now on."""
        wake, self._wake = self._wake, None
        if wake is not None:
            wake.set()
        if publish_waiting:
            self._publish_waiting()
        else:
            self._committed = []

    def _publish_waiting(self) -> None:
        while self._committed:
            batch, self._committed = self._committed[:self._batch_size], self._committed[self._batch_size:]
            self._publish_now(batch)

    def _publish_now(self, events: list[PendingEvent]) -> None:
        try:
            self._publish_all(events)
        except Exception:  # the state change stands; the sweep publishes them
            log.warning("events not published yet; the relay will retry", exc_info=True)
            return
        self._published_unmarked += [event.id for event in events]

    def mark_published(self) -> None:
        """Mark what went out since the last round. Rows published but never marked (the process
        died in between) are swept and sent again, which idempotent handlers absorb."""
        marking, self._published_unmarked = self._published_unmarked, []
        self._mark_published(marking)

    def publish_pending(self) -> int:
        """Publish events left behind (older than the sweep age), oldest first, one
        relay at a time; returns how many went out. A crash after publishing but before marking
        sends them again, which idempotent handlers absorb."""
        with exclusive(self._session_factory, "outbox relay") as mine:
            if not mine:
                return 0
            total = 0
            while True:
                with self._session_factory() as session:
                    rows = session.execute(
                        select(outbox.c.id, outbox.c.event_type, outbox.c.payload, outbox.c.request_id)
                        .where(outbox.c.published_at.is_(None),
                               outbox.c.created_at < func.now() - self._sweep_after)
                        .order_by(outbox.c.created_at, outbox.c.id)
                        .limit(self._batch_size)
                    ).all()
                events = [PendingEvent(row.id, row.event_type, row.payload, row.request_id) for row in rows]
                if events:
                    self._publish_all(events)  # a failure: the next round tries again
                    self._mark_published([event.id for event in events])
                total += len(events)
                if len(rows) < self._batch_size:
                    return total

    def _mark_published(self, event_ids: list[uuid.UUID]) -> None:
        if not event_ids:
            return
        try:
            with self._session_factory() as session, session.begin():
                session.execute(update(outbox).where(outbox.c.id.in_(event_ids)).values(published_at=func.now()))
        except Exception:  # published but not marked: the sweep sends them again, harmlessly
            log.warning("published events not marked as such", exc_info=True)
