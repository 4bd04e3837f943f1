"""One process at a time, across the replicas of a service, for work such as sweeping the
outbox or sending queued mail."""
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import sessionmaker


@contextmanager
def exclusive(session_factory: sessionmaker, name: str) -> Iterator[bool]:
    """Whether this process may do `name` now, one process at a time over the database
    (replicas of a service). A session-level advisory lock: it holds no transaction open,
    and dies with the connection should the process die."""
    key = zlib.crc32(name.encode())
    with session_factory.kw["bind"].connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        acquired = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key})
        try:
            yield bool(acquired)
        finally:
            if acquired:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
