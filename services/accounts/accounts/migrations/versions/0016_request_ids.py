"""the outbox and the mail queue keep the id of the request that caused each event and email

Revision ID: 0016_request_ids
Revises: 0015_customer_country
Create Date: 2026-12-01 07:30:00
"""
from alembic import op
import sqlalchemy as sa

from servicekit.migrations import add_outbox_request_id, drop_outbox_request_id

revision = '0016_request_ids'
down_revision = '0015_customer_country'
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_request_id()
    op.add_column('outgoing_mail', sa.Column('request_id', sa.String(128)))


def downgrade() -> None:
    op.drop_column('outgoing_mail', 'request_id')
    drop_outbox_request_id()
