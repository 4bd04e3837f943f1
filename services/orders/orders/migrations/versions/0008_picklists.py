"""picklists with their lines, what each order line shipped, when picking started, why a
backorder waits; Picqer's order statuses

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 03:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('picking_started_at', sa.DateTime(timezone=True), nullable=True))
    # Nothing set these statuses yet; were one there, picking had started and nothing had shipped.
    op.execute("UPDATE orders SET picking_started_at = updated_at, status = 'processing' "
               "WHERE status IN ('picking', 'shipped')")
    op.add_column('order_lines', sa.Column('shipped', sa.Integer(), server_default='0', nullable=False))
    op.add_column('backorders', sa.Column('reason', sa.String(length=500), nullable=True))
    op.create_table('picklists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('stock_consumption', sa.String(length=20), server_default='not asked', nullable=False),
    sa.Column('stock_consumption_asked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('closed_by', sa.String(length=200), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_picklists_order_id', 'picklists', ['order_id'])
    op.create_index('ix_picklists_customer_id', 'picklists', ['customer_id', 'id'])
    op.create_index('ix_picklists_stock_consumption_asked', 'picklists', ['stock_consumption_asked_at'],
                    postgresql_where=sa.text("stock_consumption = 'asked'"))
    op.create_table('picklist_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('picklist_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('amount_picked', sa.Integer(), server_default='0', nullable=False),
    sa.CheckConstraint('amount > 0', name='ck_picklist_lines_amount_positive'),
    sa.CheckConstraint('amount_picked BETWEEN 0 AND amount', name='ck_picklist_lines_picked_within_amount'),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id']),
    sa.ForeignKeyConstraint(['picklist_id'], ['picklists.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_picklist_lines_picklist_id', 'picklist_lines', ['picklist_id'])
    op.create_index('ix_picklist_lines_order_line_id', 'picklist_lines', ['order_line_id'])


def downgrade() -> None:
    op.drop_table('picklist_lines')
    op.drop_table('picklists')
    op.drop_column('backorders', 'reason')
    op.drop_column('order_lines', 'shipped')
    op.drop_column('orders', 'picking_started_at')
