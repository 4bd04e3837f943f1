"""outbox and processed-events tables

Revision ID: 0001
Revises:
Create Date: 2026-11-23 17:00:00
"""
from alembic import op

from servicekit.migrations import create_messaging_tables, drop_messaging_tables

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables(op.get_bind())


def downgrade() -> None:
    drop_messaging_tables(op.get_bind())
