"""sync health: failed polls kept a week; when the client was told the sync fails

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:15:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('webshops', sa.Column('sync_alerted_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        'sync_failures',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('webshop_id', sa.Integer(), sa.ForeignKey('webshops.id'), nullable=False),
        sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('message', sa.Text(), nullable=False),
    )
    op.create_index('ix_sync_failures_shop', 'sync_failures', ['webshop_id', 'failed_at'])


def downgrade() -> None:
    op.drop_index('ix_sync_failures_shop', 'sync_failures')
    op.drop_table('sync_failures')
    op.drop_column('webshops', 'sync_alerted_at')
