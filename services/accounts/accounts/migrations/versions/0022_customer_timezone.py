"""a customer's own time zone: the days its dashboard counts orders by and the times its portal shows

Revision ID: 0022_customer_timezone
Revises: 0021_portal_domains
Create Date: 2026-12-01 14:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0022_customer_timezone'
down_revision = '0021_portal_domains'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('customers', sa.Column('timezone', sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column('customers', 'timezone')
