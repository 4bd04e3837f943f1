"""products keep Picqer's description and VAT group (catalog.vat_groups; 1, 21 %, unless set)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:15:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('description', sa.Text(), nullable=True))
    op.add_column('products', sa.Column('vatgroup_id', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    op.drop_column('products', 'vatgroup_id')
    op.drop_column('products', 'description')
