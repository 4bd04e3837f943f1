"""stock alerts per portal user: low stock and orders waiting for stock, each switchable

Revision ID: 0007_stock_alerts
Revises: 0006_order_rules
Create Date: 2026-11-24 00:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0007_stock_alerts'
down_revision = '0006_order_rules'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('portal_users', sa.Column('low_stock_alerts', sa.Boolean(), server_default='true', nullable=False))
    op.add_column('portal_users', sa.Column('stockout_alerts', sa.Boolean(), server_default='true', nullable=False))


def downgrade() -> None:
    op.drop_column('portal_users', 'stockout_alerts')
    op.drop_column('portal_users', 'low_stock_alerts')
