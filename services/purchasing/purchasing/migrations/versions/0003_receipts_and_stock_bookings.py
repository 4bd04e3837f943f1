"""receipts with their lines, and the stock bookings catalog is asked for

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 03:00:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stock_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('reference_type', sa.String(length=20), nullable=False),
    sa.Column('reference_id', sa.Integer(), nullable=False),
    sa.Column('lines', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('refusal', sa.Text(), nullable=True),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_stock_bookings_to_book', 'stock_bookings', ['asked_at'], unique=False, postgresql_where=sa.text("status = 'to book'"))
    op.create_index('uq_stock_bookings_reference', 'stock_bookings', ['reference_type', 'reference_id'], unique=True)
    op.create_table('receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('purchase_order_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=200), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['purchase_order_id'], ['purchase_orders.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_receipts_customer', 'receipts', ['customer_id', 'id'], unique=False)
    op.create_index(op.f('ix_receipts_purchase_order_id'), 'receipts', ['purchase_order_id'], unique=False)
    op.create_index('uq_receipts_idempotency_key', 'receipts', ['customer_id', 'idempotency_key'], unique=True, postgresql_where=sa.text('idempotency_key IS NOT NULL'))
    op.create_table('receipt_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('purchase_order_line_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('amount_excessive', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['purchase_order_line_id'], ['purchase_order_lines.id'], ),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_receipt_lines_receipt_id'), 'receipt_lines', ['receipt_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_receipt_lines_receipt_id'), table_name='receipt_lines')
    op.drop_table('receipt_lines')
    op.drop_index('uq_receipts_idempotency_key', table_name='receipts', postgresql_where=sa.text('idempotency_key IS NOT NULL'))
    op.drop_index(op.f('ix_receipts_purchase_order_id'), table_name='receipts')
    op.drop_index('ix_receipts_customer', table_name='receipts')
    op.drop_table('receipts')
    op.drop_index('uq_stock_bookings_reference', table_name='stock_bookings')
    op.drop_index('ix_stock_bookings_to_book', table_name='stock_bookings', postgresql_where=sa.text("status = 'to book'"))
    op.drop_table('stock_bookings')
