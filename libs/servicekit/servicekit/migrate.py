"""Create a service's database if it is missing and bring its schema to the newest revision.

    python -m servicekit.migrate accounts catalog orders purchasing webshop-gateway

Each service package keeps its Alembic chain in `<package>/migrations`; the database URL comes
from `<SERVICE>_DATABASE_URL` (see `servicekit.config`).
"""
import argparse
import sys

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from servicekit.config import database_url


def package_name(service: str) -> str:
    return service.replace("-", "_")


def ensure_database(url: str) -> bool:
    """Create the database named in `url` unless it exists; True when it was created."""
    target = make_url(url)
    maintenance = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if exists:
                return False
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
            return True
    finally:
        maintenance.dispose()


def alembic_config(service: str, url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", f"{package_name(service)}:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(service: str, url: str | None = None) -> None:
    url = url or database_url(service)
    ensure_database(url)
    command.upgrade(alembic_config(service, url), "head")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("services", nargs="+")
    args = parser.parse_args(argv)
    for service in args.services:
        try:
            upgrade(service)
        except OperationalError as error:
            print(
                f"Cannot reach PostgreSQL for {service} at {make_url(database_url(service))!r}: "
                f"{error.orig}",
                file=sys.stderr,
            )
            return 1
        print(f"{service}: schema up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
