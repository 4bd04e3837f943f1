"""customer order rules: a copy of what accounts announces per customer

Revision ID: 0006_customer_order_rules
Revises: 0005
Create Date: 2026-11-23 19:25:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006_customer_order_rules'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customer_order_rules',
    sa.Column('customer_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('changes_allowed_until', sa.String(length=20), nullable=False),
    sa.Column('process_orders_at_once', sa.Boolean(), nullable=False),
    sa.Column('preferred_warehouse_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('customer_id')
    )


def downgrade() -> None:
    op.drop_table('customer_order_rules')
