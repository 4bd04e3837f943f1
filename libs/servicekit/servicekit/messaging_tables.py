"""Tables that every service database holds for reliable messaging.

`outbox`: events written in the same transaction as the state change they describe, with the
id of the request that caused them (sent along as a message header, not in the payload).
`processed_events`: which event each handler has already applied (deliveries are at least once).
"""
from sqlalchemy import Column, DateTime, Index, MetaData, String, Table, Uuid, func, text
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
REQUEST_ID_LENGTH = 128  # telemetry.request_ids accepts no longer one

outbox = Table(
    "outbox",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("event_type", String(100), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True)),
    Column("request_id", String(REQUEST_ID_LENGTH)),
    Index("ix_outbox_unpublished", "created_at", postgresql_where=text("published_at IS NULL")),
)

processed_events = Table(
    "processed_events",
    metadata,
    Column("event_id", Uuid, primary_key=True),
    Column("handler", String(200), primary_key=True),
    Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
