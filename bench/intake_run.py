"""What the one-process intake benchmarks (`order_intake.py`, `reservation_intake.py`) share:
their command line, a scratch database of one service, and an optional CPU profile of the part
they time."""
import argparse
import cProfile
import time
from contextlib import contextmanager
from typing import Iterator

from servicekit.config import DEFAULT_POSTGRES_URL
from servicekit.database import ServiceDatabase, make_session_factory
from servicekit.migrate import ensure_database, upgrade
from servicekit.testing import drop_database


def arguments(doc: str, timed: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=300, help="orders timed (default 300)")
    parser.add_argument("--profile", help=f"write a cProfile of the timed {timed} to this file")
    return parser.parse_args()


def scratch_database(service: str, name: str) -> ServiceDatabase:
    """Database `name` (recreated each run) migrated as `service`'s, with no outbox relay."""
    url = f"{DEFAULT_POSTGRES_URL}/{name}"
    drop_database(url)
    ensure_database(url)
    upgrade(service, url)
    return ServiceDatabase(make_session_factory(url), relay=None)


@contextmanager
def profiled(path: str | None) -> Iterator[bool]:
    """A cProfile timed in CPU of what runs inside, written to `path` when one is given."""
    profile = cProfile.Profile(time.process_time) if path else None
    if profile:
        profile.enable()
    try:
        yield profile is not None
    finally:
        if profile:
            profile.disable()
            profile.dump_stats(path)
