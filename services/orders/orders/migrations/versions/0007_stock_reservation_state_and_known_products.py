"""where each order stands with catalog's reservations, their versions per line, and a copy of
the clients' products

Revision ID: 0007
Revises: 0006_customer_order_rules
Create Date: 2026-12-01 02:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006_customer_order_rules'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('stock_reservation', sa.String(length=20), server_default='not asked',
                                      nullable=False))
    op.add_column('orders', sa.Column('stock_reservation_asked_at', sa.DateTime(timezone=True), nullable=True))
    # Until now an order's reservations were made or released while it was processed or cancelled.
    op.execute("UPDATE orders SET stock_reservation = 'recorded' WHERE warehouse_id IS NOT NULL AND status <> 'cancelled'")
    op.execute("UPDATE orders SET stock_reservation = 'released' WHERE warehouse_id IS NOT NULL AND status = 'cancelled'")
    op.create_index('ix_orders_stock_reservation_asked', 'orders', ['stock_reservation_asked_at'],
                    postgresql_where=sa.text("stock_reservation IN ('asked', 'release asked')"))
    op.add_column('order_lines', sa.Column('reservation_version', sa.Integer(), server_default='0', nullable=False))
    op.create_table('known_products',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('productcode', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('price', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('catalog_updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('uq_known_products_customer_code', 'known_products', ['customer_id', 'productcode'], unique=True)


def downgrade() -> None:
    op.drop_index('uq_known_products_customer_code', table_name='known_products')
    op.drop_table('known_products')
    op.drop_column('order_lines', 'reservation_version')
    op.drop_index('ix_orders_stock_reservation_asked', table_name='orders')
    op.drop_column('orders', 'stock_reservation_asked_at')
    op.drop_column('orders', 'stock_reservation')
