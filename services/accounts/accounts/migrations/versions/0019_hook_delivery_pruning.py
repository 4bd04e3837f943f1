"""an index for pruning delivered webhook deliveries after their retention

Revision ID: 0019_hook_delivery_pruning
Revises: 0018_branding_per_language
Create Date: 2026-12-01 10:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0019_hook_delivery_pruning'
down_revision = '0018_branding_per_language'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_hook_deliveries_delivered', 'hook_deliveries', ['delivered_at'],
                    postgresql_where=sa.text('delivered_at IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_hook_deliveries_delivered', table_name='hook_deliveries')
