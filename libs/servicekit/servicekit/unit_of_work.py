"""One database transaction, and the events it produces, as a single unit."""
import logging
import uuid

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, sessionmaker

from servicekit.messaging_tables import outbox, processed_events
from servicekit.outbox import OutboxRelay

log = logging.getLogger(__name__)


class UnitOfWork:
    """Use as `with database.unit_of_work() as uow: ...; uow.commit()`.

    Leaving the block without `commit()` rolls back. Events added with `add_event` are rows in
    the outbox, written in the same transaction; after commit the relay publishes them at once
    (and the relay loop later, should this process die in between).
    """

    session: Session

    def __init__(self, session_factory: sessionmaker, relay: OutboxRelay | None):
        self._session_factory = session_factory
        self._relay = relay
        self._events_added = False

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        return self

    def __exit__(self, *exc_info) -> None:
        self.session.rollback()
        self.session.close()

    def add_event(self, event_type: str, payload: dict) -> str:
        """Record an event (past tense name, wrapped payload); returns its event id."""
        event_id = uuid.uuid4()
        self.session.execute(
            insert(outbox).values(
                id=event_id,
                event_type=event_type,
                payload={"event_id": str(event_id), **payload},
            )
        )
        self._events_added = True
        return str(event_id)

    def first_delivery(self, payload: dict, handler: str) -> bool:
        """True the first time `handler` sees this event; False for a redelivery.

        Recorded in this transaction, so the mark and the handler's effects commit together.
        """
        result = self.session.execute(
            pg_insert(processed_events)
            .values(event_id=uuid.UUID(payload["event_id"]), handler=handler)
            .on_conflict_do_nothing()
            .returning(processed_events.c.event_id)
        )
        return result.first() is not None

    def commit(self) -> None:
        self.session.commit()
        if self._events_added and self._relay is not None:
            self._events_added = False
            try:
                self._relay.publish_all_pending()
            except Exception:  # the state change stands; the relay loop retries the events
                log.warning("events not published yet; the relay will retry", exc_info=True)
