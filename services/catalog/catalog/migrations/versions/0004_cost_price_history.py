"""cost price history: stock on a past date is valued at the cost price valid then

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 00:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cost_prices',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('costprice', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('valid_from', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_cost_prices_product_id_valid_from', 'cost_prices', ['product_id', 'valid_from'], unique=False)
    # What is known of the past: each product's cost price as it is now, since it was created.
    op.execute("INSERT INTO cost_prices (product_id, costprice, valid_from) SELECT id, costprice, created_at FROM products")


def downgrade() -> None:
    op.drop_index('ix_cost_prices_product_id_valid_from', table_name='cost_prices')
    op.drop_table('cost_prices')
