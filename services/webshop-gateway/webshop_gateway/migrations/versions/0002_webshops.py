"""webshops: a client's linked shops, credentials encrypted

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 07:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'webshops',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('platform', sa.String(20), nullable=False),
        sa.Column('name', sa.String(100), nullable=False),
        sa.Column('url', sa.String(500), nullable=False),
        sa.Column('credentials', sa.Text(), nullable=True),
        sa.Column('created_by', sa.String(200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('removed_by', sa.String(200), nullable=True),
    )
    op.create_index('ix_webshops_customer', 'webshops', ['customer_id', 'id'])


def downgrade() -> None:
    op.drop_index('ix_webshops_customer', table_name='webshops')
    op.drop_table('webshops')
