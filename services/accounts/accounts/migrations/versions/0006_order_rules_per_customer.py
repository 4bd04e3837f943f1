"""order rules per customer: until which status the client may change an order, processing at once

Revision ID: 0006_order_rules
Revises: 0005
Create Date: 2026-11-23 19:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006_order_rules'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('customers', sa.Column('changes_allowed_until', sa.String(length=20), server_default='picking', nullable=False))
    op.add_column('customers', sa.Column('process_orders_at_once', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('customers', sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    op.drop_column('customers', 'version')
    op.drop_column('customers', 'process_orders_at_once')
    op.drop_column('customers', 'changes_allowed_until')
