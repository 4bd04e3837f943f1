"""a customer's own country: the portal's first choice for a delivery address

Revision ID: 0015_customer_country
Revises: 0014_usernames_per_customer
Create Date: 2026-12-01 07:45:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0015_customer_country'
down_revision = '0014_usernames_per_customer'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('customers', sa.Column('country', sa.String(2), nullable=True))


def downgrade() -> None:
    op.drop_column('customers', 'country')
