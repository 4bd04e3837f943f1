"""Gauges read from a service's database when Prometheus scrapes, not kept in the process: what
waits in its outbox (and for how long), and what a service adds of its own (accounts: its mail
queue). Every replica reports the same figures for its service's database; alert on the maximum.
"""
import logging
from collections.abc import Callable
from dataclasses import dataclass

from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DatabaseReading:
    """One query giving one value per gauge: `gauges` is ((name, documentation), ...)."""
    gauges: tuple[tuple[str, str], ...]
    query: Callable[[Session], tuple[float, ...]]


def _outbox_backlog(session: Session) -> tuple[float, float]:
    row = session.execute(text(
        "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0) "
        "FROM outbox WHERE published_at IS NULL")).one()
    return float(row[0]), float(row[1])


OUTBOX = DatabaseReading(
    (("fulfilment_outbox_backlog", "Events committed and not yet published to the broker"),
     ("fulfilment_outbox_oldest_age_seconds", "How long the oldest unpublished event has waited (0: none waits)")),
    _outbox_backlog)


class DatabaseGauges(Collector):
    """One per process, registered once; each service container adds its database while it runs."""

    def __init__(self):
        self._sources: dict[int, tuple[str, sessionmaker, tuple[DatabaseReading, ...]]] = {}

    def add(self, key: int, service: str, session_factory: sessionmaker,
            readings: tuple[DatabaseReading, ...]) -> None:
        self._sources[key] = (service, session_factory, readings)

    def remove(self, key: int) -> None:
        self._sources.pop(key, None)

    def collect(self):
        families: dict[str, GaugeMetricFamily] = {}
        for service, session_factory, readings in list(self._sources.values()):
            try:
                with session_factory() as session:
                    values = [(reading, reading.query(session)) for reading in readings]
            except Exception:  # the database away: these gauges are missing from this scrape
                log.warning("metrics: %s's database could not be read", service, exc_info=True)
                continue
            for reading, figures in values:
                for (name, documentation), figure in zip(reading.gauges, figures):
                    family = families.setdefault(name, GaugeMetricFamily(name, documentation, labels=["service"]))
                    family.add_metric([service], figure)
        return list(families.values())


DATABASE_GAUGES = DatabaseGauges()
REGISTRY.register(DATABASE_GAUGES)
