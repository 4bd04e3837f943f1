"""orders remember the linked webshop they came from, so users limited to some shops see theirs

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 10:45:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('webshop_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'webshop_id')
