"""shop updates: what each parcel holds, so that Shopify gets one fulfillment per parcel

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 13:40:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('shop_updates', sa.Column('products', postgresql.JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column('shop_updates', 'products')
