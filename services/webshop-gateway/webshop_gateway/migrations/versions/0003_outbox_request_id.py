"""the outbox keeps the id of the request that caused each event, sent along with it

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 07:30:00
"""
from servicekit.migrations import add_outbox_request_id, drop_outbox_request_id

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_request_id()


def downgrade() -> None:
    drop_outbox_request_id()
