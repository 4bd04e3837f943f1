"""product cost price, weight, active flag and minimum stock; movement references; reservations per order line

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('costprice', sa.Numeric(precision=12, scale=2), server_default='0', nullable=False))
    op.add_column('products', sa.Column('weight', sa.Integer(), server_default='0', nullable=False))
    op.add_column('products', sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False))
    op.add_column('products', sa.Column('minimum_stock', sa.Integer(), server_default='0', nullable=False))
    op.create_check_constraint('ck_products_minimum_stock_not_negative', 'products', 'minimum_stock >= 0')
    op.create_check_constraint('ck_products_price_not_negative', 'products', 'price >= 0')
    op.create_check_constraint('ck_products_costprice_not_negative', 'products', 'costprice >= 0')
    op.create_check_constraint('ck_products_weight_not_negative', 'products', 'weight >= 0')

    op.add_column('stock_movements', sa.Column('reference_type', sa.String(length=20), nullable=True))
    op.add_column('stock_movements', sa.Column('reference_id', sa.String(length=100), nullable=True))
    op.add_column('stock_movements', sa.Column('changed_by', sa.String(length=200), nullable=True))
    op.create_index('ix_stock_movements_customer_id_id', 'stock_movements', ['customer_id', 'id'], unique=False)
    op.create_index('uq_stock_movements_reference', 'stock_movements',
                    ['customer_id', 'reference_type', 'reference_id', 'product_id', 'warehouse_id'],
                    unique=True, postgresql_where=sa.text('reference_type IS NOT NULL'))

    op.create_table('reservations',
    sa.Column('customer_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('order_line_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('warehouse_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('amount >= 0', name='ck_reservations_amount_not_negative'),
    sa.CheckConstraint("status IN ('reserved', 'released', 'consumed')", name='ck_reservations_status'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], ),
    sa.ForeignKeyConstraint(['warehouse_id'], ['warehouses.id'], ),
    sa.PrimaryKeyConstraint('customer_id', 'order_line_id')
    )


def downgrade() -> None:
    op.drop_table('reservations')
    op.drop_index('uq_stock_movements_reference', table_name='stock_movements')
    op.drop_index('ix_stock_movements_customer_id_id', table_name='stock_movements')
    op.drop_column('stock_movements', 'changed_by')
    op.drop_column('stock_movements', 'reference_id')
    op.drop_column('stock_movements', 'reference_type')
    op.drop_constraint('ck_products_weight_not_negative', 'products')
    op.drop_constraint('ck_products_costprice_not_negative', 'products')
    op.drop_constraint('ck_products_price_not_negative', 'products')
    op.drop_constraint('ck_products_minimum_stock_not_negative', 'products')
    op.drop_column('products', 'minimum_stock')
    op.drop_column('products', 'active')
    op.drop_column('products', 'weight')
    op.drop_column('products', 'costprice')
