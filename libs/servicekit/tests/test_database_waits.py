"""The database under nameko's eventlet runner."""
import time

import eventlet
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool


def test_a_query_lets_other_work_run_while_the_database_answers(db):
    """Under nameko's eventlet runner a waiting query must not block the process: psycopg's C
    build waits through eventlet's green select (servicekit.database sets PSYCOPG_WAIT_FUNC)."""
    started = time.monotonic()
    pool = eventlet.GreenPool(8)
    list(pool.imap(lambda _: db.read(lambda session: session.execute(text("SELECT pg_sleep(0.4)")).all()), range(8)))
    assert time.monotonic() - started < 1.6  # one after another would take 3.2 s


def _cut_own_connections(db) -> None:
    """What a database restart does to a kept connection: the server ends it."""
    other = create_engine(db.session_factory.kw["bind"].url, poolclass=NullPool)
    with other.connect() as connection:
        ended = connection.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
    other.dispose()
    assert ended == 1  # the pooled one


def test_a_connection_the_server_ended_is_replaced_without_failing_the_work(db):
    """Pooled connections are not pinged before use (a round trip per transaction); a dead one
    found before the commit is replaced and the work done again, reads and changes alike."""
    db.read(lambda session: session.execute(text("SELECT 1")).scalar())  # keep one in the pool
    _cut_own_connections(db)
    attempts = []

    def read(session):
        attempts.append(1)
        return session.execute(text("SELECT 2")).scalar()
    assert db.read(read) == 2
    assert len(attempts) == 2

    _cut_own_connections(db)
    attempts.clear()

    def change(uow):
        attempts.append(1)
        return uow.session.execute(text("SELECT 3")).scalar()
    assert db.change(change) == 3
    assert len(attempts) == 2  # the first met the dead connection, nothing was committed
