"""returns put back on the shelf through catalog once received, damaged units left out

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 06:05:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('returns', sa.Column('restock', sa.String(length=20), server_default='not asked', nullable=False))
    op.add_column('returns', sa.Column('restock_asked_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('return_lines', sa.Column('amount_damaged', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    op.drop_column('return_lines', 'amount_damaged')
    op.drop_column('returns', 'restock_asked_at')
    op.drop_column('returns', 'restock')
