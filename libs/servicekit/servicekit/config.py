"""Configuration from environment variables, with defaults that work on a developer machine."""
import os

DEFAULT_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432"


def env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def database_url(service: str) -> str:
    """`<SERVICE>_DATABASE_URL`, else database `fulfilment_<service>` on the local server."""
    key = service.upper().replace("-", "_")
    return env(f"{key}_DATABASE_URL", f"{DEFAULT_POSTGRES_URL}/fulfilment_{key.lower()}")


def nameko_config(service: str) -> dict:
    """The whole configuration one nameko service container needs."""
    workers = int(env("MAX_WORKERS", "10"))
    return {
        "AMQP_URI": env("AMQP_URI", DEFAULT_AMQP_URI),
        "DATABASE_URL": database_url(service),
        # JSON only on the wire: every payload is a plain dict made by a schema.
        "serializer": "json",
        "max_workers": workers,
        # How long a service waits for another one's answer (servicekit.rpc.RpcProxy).
        "SERVICE_RPC_TIMEOUT": float(env("SERVICE_RPC_TIMEOUT", "5")),
        # Connections a service keeps open to its database once it needed them (up to 10 more
        # under load): one per worker, as fewer were closed and opened again all the time at full
        # load (a PostgreSQL backend started for every tenth product read at 16 connections).
        # Test stacks keep fewer: several of them share one PostgreSQL (max_connections 100).
        "DATABASE_POOL_SIZE": int(env("DATABASE_POOL_SIZE", str(workers))),
    }
