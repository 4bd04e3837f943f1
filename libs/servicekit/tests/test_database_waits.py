"""The database under nameko's eventlet runner."""
import time

import eventlet
from sqlalchemy import text


def test_a_query_lets_other_work_run_while_the_database_answers(db):
    """Under nameko's eventlet runner a waiting query must not block the process: psycopg's C
    build waits through eventlet's green select (servicekit.database sets PSYCOPG_WAIT_FUNC)."""
    started = time.monotonic()
    pool = eventlet.GreenPool(8)
    list(pool.imap(lambda _: db.read(lambda session: session.execute(text("SELECT pg_sleep(0.4)")).all()), range(8)))
    assert time.monotonic() - started < 1.6  # one after another would take 3.2 s
