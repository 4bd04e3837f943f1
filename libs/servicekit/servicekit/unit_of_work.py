"""One database transaction, and the events it produces, as a single unit.

A unit of work also marks its transaction as open for the code running in it (per thread; per
greenthread under nameko's eventlet runner), so that a remote call made while it holds locks
fails at once instead of holding them over the network (`refuse_remote_call`).
"""
import logging
import threading
import uuid

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, sessionmaker
from telemetry import request_ids

from servicekit.messaging_tables import outbox, processed_events
from servicekit.outbox import OutboxRelay, PendingEvent

log = logging.getLogger(__name__)

_open_transactions = threading.local()


class RemoteCallInTransaction(RuntimeError):
    """A programming error: an RPC or a publish while a database transaction is open would hold
    its row locks for as long as the other side takes to answer (or forever, if it hangs)."""


def transaction_open() -> bool:
    return getattr(_open_transactions, "depth", 0) > 0


def refuse_remote_call(what: str) -> None:
    """Call before any remote call; raises while this thread is inside a unit of work."""
    if transaction_open():
        raise RemoteCallInTransaction(
            f"{what} while a database transaction is open: read first, commit, then call")


def mark_open(change: int) -> None:
    """+1 when this thread starts using a database connection that remote calls must wait for
    (a unit of work, or `ServiceDatabase.read_driver`'s statement), -1 when it is done."""
    _open_transactions.depth = getattr(_open_transactions, "depth", 0) + change


class UnitOfWork:
    """Use as `with database.unit_of_work() as uow: ...; uow.commit()`.

    Leaving the block without `commit()` rolls back. Events added with `add_event` are rows in
    the outbox, written in the same transaction; after commit they are published at once, with
    no transaction open (and by the relay's sweep later, should this process die in between).
    """

    session: Session

    def __init__(self, session_factory: sessionmaker, relay: OutboxRelay | None):
        self._session_factory = session_factory
        self._relay = relay
        self._events: list[PendingEvent] = []
        self._gathered: dict[str, dict] = {}
        self._open = False
        self.commit_sent = False

    def __enter__(self) -> "UnitOfWork":
        self.session = self._session_factory()
        self._open = True
        mark_open(+1)
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.session.close()  # rolls back what was not committed
        finally:
            self._close()

    def _close(self) -> None:
        if self._open:
            self._open = False
            mark_open(-1)

    def add_event(self, event_type: str, payload: dict) -> str:
        """Record an event (past tense name, wrapped payload); returns its event id. Its outbox
        row is written with the others when the unit commits, in the same transaction."""
        event_id = uuid.uuid4()
        self._events.append(PendingEvent(event_id, event_type, {"event_id": str(event_id), **payload},
                                         request_ids.current()))
        return str(event_id)

    def gathered_event(self, event_type: str, payload: dict) -> dict:
        """This unit's one `event_type` event, added with `payload` the first time it is asked for:
        an event said once per transaction however many changes it gathers. Returns the payload
        it holds (with its event_id), which the caller adds to until the unit commits."""
        if event_type not in self._gathered:
            self.add_event(event_type, payload)
            self._gathered[event_type] = self._events[-1].payload
        return self._gathered[event_type]

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
        if self._events:  # one statement for all of them (a receipt may fill 1,000 orders)
            self.session.execute(insert(outbox), [{"id": event.id, "event_type": event.event_type,
                                                   "payload": event.payload, "request_id": event.request_id}
                                                  for event in self._events])
        self.commit_sent = True
        self.session.commit()
        self._close()
        events, self._events, self._gathered = self._events, [], {}
        if events and self._relay is not None:
            self._relay.publish_committed(events)
