"""The nameko dependency that gives a service its database and its outbox relay."""
import logging
import os
import time

# psycopg's C build decodes rows several times faster than its pure-Python one, but its own wait
# function blocks the whole process under nameko's eventlet runner while a query runs (8 parallel
# 0.5 s queries took 4 s). Its select()-based wait goes through eventlet's green select (0.5 s).
# Set before psycopg is first imported (SQLAlchemy imports it when the first engine is made).
os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")

from kombu import Connection
from kombu.pools import producers
from nameko.events import get_event_exchange
from nameko.extensions import DependencyProvider
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DataError, DBAPIError
from sqlalchemy.orm import sessionmaker
from telemetry import request_ids

from servicekit.database_gauges import DATABASE_GAUGES, OUTBOX
from servicekit.exclusive import exclusive
from servicekit.outbox import DEFAULT_SWEEP_AFTER_SECONDS, OutboxRelay, Publish
from servicekit.rpc import PUBLISH_RETRY_POLICY
from servicekit.unit_of_work import UnitOfWork, refuse_remote_call

log = logging.getLogger(__name__)

RELAY_INTERVAL_SECONDS = 1.0


def event_publisher(amqp_uri: str, service_name: str, config: dict | None = None) -> Publish:
    """Publish events the way nameko's EventDispatcher does (same exchange and routing key), so
    `@event_handler(service_name, event_type)` in other services receives them."""
    exchange = get_event_exchange(service_name, config or {})
    # One connection description for every publish: kombu pools its producers (and connections),
    # where nameko's Publisher made a new one each time. Persistent, and confirmed by the broker
    # before the outbox row is marked published.
    connection = Connection(amqp_uri, transport_options={"confirm_publish": True})

    def publish(event_type: str, payload: dict, request_id: str | None = None) -> None:
        refuse_remote_call(f"publishing {event_type}")
        # The handlers' workers take the request id from this header (nameko's context data).
        headers = {request_ids.MESSAGE_HEADER: request_id} if request_id else {}
        with producers[connection].acquire(block=True) as producer:
            producer.publish(payload, exchange=exchange, routing_key=event_type, serializer="json", delivery_mode=2,
                             headers=headers, declare=[exchange], retry=True, retry_policy=PUBLISH_RETRY_POLICY)

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


def _invalid_value(error: DataError) -> InvalidValue:
    diagnostic = getattr(error.orig, "diag", None)
    detail = getattr(diagnostic, "message_primary", None) or str(error.orig).splitlines()[0]
    return InvalidValue(f"A value cannot be stored or looked up: {detail}.")


class ServiceDatabase:
    """What a worker sees as `self.db`."""

    def __init__(self, session_factory: sessionmaker, relay: OutboxRelay | None):
        self.session_factory = session_factory
        self.relay = relay

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

    def _in_unit_of_work(self, work):
        """`work(uow)`, and once more on a new connection when the database connection turned
        out dead (a database restart, an idle connection cut) before the commit was sent: then
        nothing was written, so doing it again is safe. A loss during the commit is not retried."""
        for attempt in (1, 2):
            uow = self.unit_of_work()
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
        publish = event_publisher(config["AMQP_URI"], self.container.service_name, config)
        self.relay = OutboxRelay(self.session_factory, publish, sweep_after_seconds=float(
            config.get("OUTBOX_SWEEP_AFTER_SECONDS", DEFAULT_SWEEP_AFTER_SECONDS)))
        self.database = ServiceDatabase(self.session_factory, self.relay)
        # Its outbox, and what the service class adds (`database_readings`), read at each scrape.
        readings = (OUTBOX, *getattr(self.container.service_cls, "database_readings", ()))
        DATABASE_GAUGES.add(id(self), self.container.service_name, self.session_factory, readings)

    def start(self) -> None:
        self.container.spawn_managed_thread(self._relay_forever)

    def stop(self) -> None:
        DATABASE_GAUGES.remove(id(self))
        self.session_factory.kw["bind"].dispose()

    def kill(self) -> None:
        self.stop()

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
