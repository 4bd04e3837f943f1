"""The nameko dependency that gives a service its database and its outbox relay."""
import logging
import os
import threading
import time
import uuid

# psycopg's C build decodes rows several times faster than its pure-Python one, but its own wait
# function blocks the whole process under nameko's eventlet runner while a query runs (8 parallel
# 0.5 s queries took 4 s). Its select()-based wait goes through eventlet's green select (0.5 s).
# Set before psycopg is first imported (SQLAlchemy imports it when the first engine is made).
os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")

import psycopg
from amqp.exceptions import MessageNacked
from kombu import Connection, Producer
from nameko.events import get_event_exchange
from nameko.extensions import DependencyProvider
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.orm import sessionmaker
from telemetry import request_ids

from servicekit.database_gauges import DATABASE_GAUGES, OUTBOX
from servicekit.exclusive import exclusive
from servicekit.outbox import DEFAULT_SWEEP_AFTER_SECONDS, OutboxRelay, PendingEvent, Publish, PublishAll
from servicekit.rpc import PUBLISH_RETRY_POLICY
from servicekit.unit_of_work import UnitOfWork, mark_open, refuse_remote_call

log = logging.getLogger(__name__)

RELAY_INTERVAL_SECONDS = 1.0
# A broker that has not confirmed a batch by then is taken as gone: the sweep publishes it again.
CONFIRM_TIMEOUT_SECONDS = 10.0


def events_publisher(amqp_uri: str, service_name: str, config: dict | None = None) -> PublishAll:
    """Publish events the way nameko's EventDispatcher does (same exchange and routing key), so
    `@event_handler(service_name, event_type)` in other services receives them: persistent, and
    confirmed by the broker before they count as published. A batch waits for the broker once,
    for all its confirms, instead of once for each event (each wait is the broker writing to disk:
    several milliseconds)."""
    return _ConfirmedPublisher(amqp_uri, get_event_exchange(service_name, config or {})).publish_all


class _ConfirmedPublisher:
    """One connection and channel of its own, in confirm mode, one batch at a time: the broker
    numbers the messages of a channel from 1, and so are its confirms counted. A failed batch
    (the broker gone, a refusal, no confirm in time) starts again on a new connection, twice,
    pausing as PUBLISH_RETRY_POLICY does; a batch sent twice is absorbed by the handlers."""

    def __init__(self, amqp_uri: str, exchange):
        self._amqp_uri, self._exchange = amqp_uri, exchange
        self._lock = threading.Lock()
        self._connection = self._producer = None
        self._sent, self._unconfirmed = 0, set()

    def publish_all(self, events: list[PendingEvent]) -> None:
        refuse_remote_call(f"publishing {', '.join(sorted({event.event_type for event in events}))}")
        pauses = [PUBLISH_RETRY_POLICY["interval_start"] + PUBLISH_RETRY_POLICY["interval_step"] * number
                  for number in range(PUBLISH_RETRY_POLICY["max_retries"])]
        with self._lock:
            while True:
                try:
                    return self._publish_and_confirm(events)
                except Exception:
                    self._disconnect()
                    if not pauses:
                        raise
                    time.sleep(pauses.pop(0))

    def _publish_and_confirm(self, events: list[PendingEvent]) -> None:
        if self._producer is None:
            self._connection = Connection(self._amqp_uri, connect_timeout=CONFIRM_TIMEOUT_SECONDS)
            channel = self._connection.channel()
            channel.confirm_select()
            # Confirms arrive whenever the connection is read (while publishing too), so they are
            # counted as they come rather than waited for one by one.
            channel.events["basic_ack"].add(self._confirmed)
            channel.events["basic_nack"].add(self._refused)
            self._producer, self._sent, self._unconfirmed = Producer(channel, exchange=self._exchange), 0, set()
            self._exchange.declare(channel=channel)
        for event in events:
            # The handlers' workers take the request id from this header (nameko's context data).
            headers = {request_ids.MESSAGE_HEADER: event.request_id} if event.request_id else {}
            self._producer.publish(event.payload, routing_key=event.event_type, serializer="json", delivery_mode=2,
                                   headers=headers)
            self._sent += 1
            self._unconfirmed.add(self._sent)
        while self._unconfirmed:
            self._connection.drain_events(timeout=CONFIRM_TIMEOUT_SECONDS)

    def _confirmed(self, delivery_tag: int, multiple: bool) -> None:
        self._unconfirmed.difference_update(
            [tag for tag in self._unconfirmed if tag <= delivery_tag] if multiple else [delivery_tag])

    def _refused(self, delivery_tag: int, multiple: bool) -> None:
        raise MessageNacked(f"the broker refused event {delivery_tag}")

    def _disconnect(self) -> None:
        connection, self._connection, self._producer = self._connection, None, None
        if connection is not None:
            try:
                connection.release()
            except Exception:  # gone already
                pass


def event_publisher(amqp_uri: str, service_name: str, config: dict | None = None) -> Publish:
    """`events_publisher` for one event at a time: publish(event_type, payload, request_id)."""
    publish_all = events_publisher(amqp_uri, service_name, config)

    def publish(event_type: str, payload: dict, request_id: str | None = None) -> None:
        publish_all([PendingEvent(uuid.uuid4(), event_type, payload, request_id)])

    return publish


def make_session_factory(database_url: str, **engine_options) -> sessionmaker:
    # Sessions in UTC, whatever the server's default, so times cross the wire in UTC. No
    # pre-ping (a round trip before every transaction): a connection found dead is retried instead
    # (ServiceDatabase._in_unit_of_work).
    engine = create_engine(database_url,
                           connect_args={"options": "-c timezone=UTC"}, **engine_options)
    return sessionmaker(engine, expire_on_commit=False)


class InvalidValue(ValueError):
    """A value the database cannot hold (a number out of range, a NUL character): the caller's
    bad input that slipped past validation, answered as such instead of as a fault."""


def _invalid_value(error: DataError | psycopg.DataError) -> InvalidValue:
    original = getattr(error, "orig", error)  # SQLAlchemy's wraps psycopg's
    diagnostic = getattr(original, "diag", None)
    detail = getattr(diagnostic, "message_primary", None) or str(original).splitlines()[0]
    return InvalidValue(f"A value cannot be stored or looked up: {detail}.")


class ServiceDatabase:
    """What a worker sees as `self.db`."""

    def __init__(self, session_factory: sessionmaker, relay: OutboxRelay | None):
        self.session_factory = session_factory
        self.relay = relay
        # The same pool; each statement its own transaction (psycopg's autocommit, set on checkout
        # without a round trip), so no BEGIN before a read and no ROLLBACK after it.
        self._statement_sessions = sessionmaker(
            session_factory.kw["bind"].execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory, self.relay)

    def change(self, domain_function, *args):
        """`domain_function(uow, *args)` in one unit of work, committed (its events go out after)."""
        def commit_after(uow: UnitOfWork):
            result = domain_function(uow, *args)
            uow.commit()
            return result
        return self._in_unit_of_work(commit_after)

    def exclusive(self, name: str):
        """`with db.exclusive("mail sender") as mine:` one replica at a time (servicekit.exclusive)."""
        return exclusive(self.session_factory, name)

    def read(self, query_function, *args):
        """`query_function(session, *args)` in a transaction that changes nothing."""
        return self._in_unit_of_work(lambda uow: query_function(uow.session, *args))

    def read_statement(self, query_function, *args):
        """`read` for a query function that runs a single SELECT: outside a transaction, so it is
        one round trip to PostgreSQL instead of three (BEGIN, the SELECT, ROLLBACK); one statement
        sees one snapshot all the same. A function running several statements must use `read`,
        or they may see different moments."""
        return self._in_unit_of_work(lambda uow: query_function(uow.session, *args),
                                     lambda: UnitOfWork(self._statement_sessions, None))

    def read_driver(self, query_function, *args):
        """`query_function(cursor, *args)` on a pooled psycopg connection in autocommit, for a
        read of one statement asked many times a second (catalog's product read): the statement
        alone costs a tenth of what SQLAlchemy's session and result handling around it do. As in
        `read_statement`, one statement and no transaction; a remote call inside it is refused
        all the same, and a connection found dead is replaced and the read asked again."""
        engine = self.session_factory.kw["bind"]
        for attempt in (1, 2):
            pooled = engine.raw_connection()
            connection = pooled.driver_connection
            mark_open(+1)
            try:
                connection.autocommit = True
                with connection.cursor() as cursor:
                    return query_function(cursor, *args)
            except psycopg.DataError as error:
                raise _invalid_value(error) from None
            except psycopg.OperationalError:
                if attempt == 2 or not connection.closed:
                    raise
                pooled.invalidate()
                log.warning("database connection lost; reading again on a new one")
            finally:
                mark_open(-1)
                if not connection.closed:
                    connection.autocommit = False  # as every unit of work expects it
                pooled.close()  # back to the pool (or gone, when invalidated)

    def _in_unit_of_work(self, work, new_unit_of_work=None):
        """`work(uow)`, and once more on a new connection when the database connection turned
        out dead (a database restart, an idle connection cut) before the commit was sent: then
        nothing was written, so doing it again is safe. A loss during the commit is not retried."""
        for attempt in (1, 2):
            uow = (new_unit_of_work or self.unit_of_work)()
            try:
                with uow:
                    return work(uow)
            except DataError as error:
                raise _invalid_value(error) from None
            except DBAPIError as error:
                if attempt == 2 or not error.connection_invalidated or uow.commit_sent:
                    raise
                log.warning("database connection lost before commit; doing the transaction again")

    def is_reachable(self) -> bool:
        try:
            with self.session_factory() as session:
                session.execute(text("SELECT 1"))
            return True
        except Exception:
            log.warning("database unreachable", exc_info=True)
            return False


class Database(DependencyProvider):
    """Engine and relay per container; a background loop publishes what commits left behind."""

    def setup(self) -> None:
        config = self.container.config
        self.session_factory = make_session_factory(config["DATABASE_URL"],
                                                    pool_size=int(config.get("DATABASE_POOL_SIZE", 5)))
        publish_all = events_publisher(config["AMQP_URI"], self.container.service_name, config)
        self.relay = OutboxRelay(self.session_factory, publish_all=publish_all, sweep_after_seconds=float(
            config.get("OUTBOX_SWEEP_AFTER_SECONDS", DEFAULT_SWEEP_AFTER_SECONDS)))
        self.database = ServiceDatabase(self.session_factory, self.relay)
        # Its outbox, and what the service class adds (`database_readings`), read at each scrape.
        readings = (OUTBOX, *getattr(self.container.service_cls, "database_readings", ()))
        DATABASE_GAUGES.add(id(self), self.container.service_name, self.session_factory, readings)

    def start(self) -> None:
        self.container.spawn_managed_thread(self._relay_forever)
        self.container.spawn_managed_thread(self.relay.publish_in_background)

    def stop(self) -> None:
        self._close(publish_waiting=True)  # the workers are done: what they committed goes out now

    def kill(self) -> None:
        self._close(publish_waiting=False)  # no waiting on a broker now: the sweep sends it later

    def _close(self, publish_waiting: bool) -> None:
        self.relay.stop_publishing_in_background(publish_waiting)
        DATABASE_GAUGES.remove(id(self))
        self.session_factory.kw["bind"].dispose()

    def get_dependency(self, worker_ctx) -> ServiceDatabase:
        return self.database

    def _relay_forever(self) -> None:
        while True:
            try:
                self.relay.mark_published()
                self.relay.publish_pending()
            except Exception:
                log.warning("outbox relay failed; retrying", exc_info=True)
            time.sleep(RELAY_INTERVAL_SECONDS)  # cooperative: nameko's runner patches time
