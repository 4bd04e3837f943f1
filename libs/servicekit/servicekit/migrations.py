"""What every service's Alembic `env.py` does; env.py itself names only its metadata."""
from alembic import context, op
from sqlalchemy import MetaData, create_engine

from servicekit.messaging_tables import REQUEST_ID_LENGTH
from servicekit.messaging_tables import metadata as messaging_metadata


def run_migrations(service_metadata: MetaData) -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    target_metadata = [service_metadata, messaging_metadata]
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=target_metadata)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


def create_messaging_tables(bind) -> None:
    """For each service's first migration: the outbox and processed-events tables."""
    messaging_metadata.create_all(bind=bind)


def add_outbox_request_id() -> None:
    """For a service's migration adding the outbox's `request_id`. A database made since then has it
    already: its first migration creates the messaging tables from today's metadata."""
    op.execute(f"ALTER TABLE outbox ADD COLUMN IF NOT EXISTS request_id varchar({REQUEST_ID_LENGTH})")


def drop_outbox_request_id() -> None:
    op.execute("ALTER TABLE outbox DROP COLUMN IF EXISTS request_id")


def drop_messaging_tables(bind) -> None:
    messaging_metadata.drop_all(bind=bind)
