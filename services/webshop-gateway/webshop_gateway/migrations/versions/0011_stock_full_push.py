"""stock push: a full push of the shop's matched products when it is switched on, page by page

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 13:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('webshops', sa.Column('stock_full_push_offset', sa.Integer(), nullable=True))
    op.add_column('webshops', sa.Column('stock_full_push_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('webshops', 'stock_full_push_at')
    op.drop_column('webshops', 'stock_full_push_offset')
