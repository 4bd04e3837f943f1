"""The answer every service gives to its `health` RPC."""


def health_report(name: str, version: str, database_reachable: bool) -> dict:
    return {
        "name": name,
        "version": version,
        "database": "ok" if database_reachable else "unreachable",
        "ok": database_reachable,
    }
