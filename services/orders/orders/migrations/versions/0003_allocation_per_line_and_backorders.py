"""allocation per line and backorders

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 17:10:23.969597
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('backorders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], ),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('order_line_id')
    )
    op.create_index(op.f('ix_backorders_customer_id'), 'backorders', ['customer_id'], unique=False)
    op.create_index(op.f('ix_backorders_order_id'), 'backorders', ['order_id'], unique=False)
    op.create_index('ix_backorders_waiting', 'backorders', ['product_id', 'warehouse_id', 'created_at', 'id'], unique=False)
    op.add_column('order_lines', sa.Column('allocated', sa.Integer(), server_default='0', nullable=False))
    op.add_column('orders', sa.Column('warehouse_id', sa.Integer(), nullable=True))
    op.add_column('orders', sa.Column('processed_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'processed_at')
    op.drop_column('orders', 'warehouse_id')
    op.drop_column('order_lines', 'allocated')
    op.drop_index('ix_backorders_waiting', table_name='backorders')
    op.drop_index(op.f('ix_backorders_order_id'), table_name='backorders')
    op.drop_index(op.f('ix_backorders_customer_id'), table_name='backorders')
    op.drop_table('backorders')
