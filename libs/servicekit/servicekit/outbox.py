"""Publishing the outbox: events leave the database only after the transaction that wrote them
committed, and stay there until the broker has them.

Nothing here publishes while a transaction is open: rows are read, the session is done with,
then the broker is called, then the rows are marked in a transaction of their own.
"""
import logging
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


class OutboxRelay:
    def __init__(self, session_factory: sessionmaker, publish: Publish, batch_size: int = 100,
                 sweep_after_seconds: float = DEFAULT_SWEEP_AFTER_SECONDS):
        self._session_factory = session_factory
        self._publish = publish
        self._batch_size = batch_size
        self._sweep_after = timedelta(seconds=sweep_after_seconds)
        self._published_unmarked: list[uuid.UUID] = []

    def publish_committed(self, events: list[PendingEvent]) -> None:
        """Right after a commit: publish what it wrote. A failure leaves the rest for the sweep.
        They are marked as published by the relay's next round (`mark_published`), all at once,
        rather than in a transaction of their own after every commit."""
        try:
            for event in events:
                self._publish(event.event_type, event.payload, event.request_id)
                self._published_unmarked.append(event.id)
        except Exception:  # the state change stands; the sweep publishes the rest
            log.warning("events not published yet; the relay will retry", exc_info=True)

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
                published = []
                try:
                    for row in rows:
                        self._publish(row.event_type, row.payload, row.request_id)
                        published.append(row.id)
                finally:
                    self._mark_published(published)
                total += len(published)
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
