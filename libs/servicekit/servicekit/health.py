"""The `health` RPC every service answers, and the base class that gives it to them."""
from servicekit.rpc import rpc

from servicekit.database import Database


def health_report(name: str, version: str, database_reachable: bool) -> dict:
    return {
        "name": name,
        "version": version,
        "database": "ok" if database_reachable else "unreachable",
        "ok": database_reachable,
    }


class FulfilmentService:
    """What every service has: its database (with the outbox relay) and a `health` RPC.

    Subclasses set `name` (the nameko service name) and `version`.
    """

    name: str
    version: str

    db = Database()

    @rpc
    def health(self):
        return health_report(self.name, self.version, self.db.is_reachable())
