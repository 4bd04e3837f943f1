"""Publishing the outbox: events leave the database only after the transaction that wrote them
committed, and stay there until the broker has them."""
import logging
from collections.abc import Callable

from sqlalchemy import func, select, update
from sqlalchemy.orm import sessionmaker

from servicekit.messaging_tables import outbox

log = logging.getLogger(__name__)

Publish = Callable[[str, dict], None]


class OutboxRelay:
    def __init__(self, session_factory: sessionmaker, publish: Publish, batch_size: int = 100):
        self._session_factory = session_factory
        self._publish = publish
        self._batch_size = batch_size

    def publish_pending(self) -> int:
        """Publish unpublished events, oldest first; returns how many went out.

        Rows are claimed with SKIP LOCKED so that several relays never publish the same batch
        at once. A crash after publishing but before marking leaves the rows unpublished: they
        go out again, which idempotent handlers absorb.
        """
        with self._session_factory() as session, session.begin():
            rows = session.execute(
                select(outbox.c.id, outbox.c.event_type, outbox.c.payload)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.created_at, outbox.c.id)
                .limit(self._batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            for row in rows:
                self._publish(row.event_type, row.payload)
            if rows:
                session.execute(
                    update(outbox)
                    .where(outbox.c.id.in_([row.id for row in rows]))
                    .values(published_at=func.now())
                )
        return len(rows)

    def publish_all_pending(self) -> int:
        published = total = self.publish_pending()
        while published == self._batch_size:
            published = self.publish_pending()
            total += published
        return total
