"""a stock booking keeps the portal user who received the goods, for catalog's ledger (iduser)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 14:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('stock_bookings', sa.Column('user_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('stock_bookings', 'user_id')
