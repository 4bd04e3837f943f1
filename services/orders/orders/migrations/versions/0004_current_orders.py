"""current orders

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:16:43.052500
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('current_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_current_orders_user', 'current_orders', ['customer_id', 'user_id'], unique=True)
    op.create_table('current_order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('current_order_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['current_order_id'], ['current_orders.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_current_order_lines_product', 'current_order_lines', ['current_order_id', 'product_id'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_current_order_lines_product', table_name='current_order_lines')
    op.drop_table('current_order_lines')
    op.drop_index('uq_current_orders_user', table_name='current_orders')
    op.drop_table('current_orders')
