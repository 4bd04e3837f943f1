"""a return registered again with the same idempotency key (a client retrying after a lost
answer) is the return made before, not a second one

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 08:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('returns', sa.Column('idempotency_key', sa.String(length=200), nullable=True))
    op.create_index('uq_returns_idempotency_key', 'returns', ['customer_id', 'idempotency_key'], unique=True,
                    postgresql_where=sa.text('idempotency_key IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('uq_returns_idempotency_key', table_name='returns')
    op.drop_column('returns', 'idempotency_key')
