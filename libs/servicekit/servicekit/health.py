"""The `health` RPC every service answers, and the base class that gives it to them."""
from servicekit.database import Database
from servicekit.rpc import rpc
from servicekit.worker_telemetry import WorkerTelemetry


def health_report(name: str, version: str, database_reachable: bool) -> dict:
    return {
        "name": name,
        "version": version,
        "database": "ok" if database_reachable else "unreachable",
        "ok": database_reachable,
    }


class FulfilmentService:
    """What every service has: its database (with the outbox relay), a `health` RPC, and each
    worker's request id and metrics.

    Subclasses set `name` (the nameko service name) and `version`, and may name
    `database_readings` (servicekit.database_gauges) for gauges of their own.
    """

    name: str
    version: str

    db = Database()
    telemetry = WorkerTelemetry()

    @rpc
    def health(self):
        return health_report(self.name, self.version, self.db.is_reachable())
