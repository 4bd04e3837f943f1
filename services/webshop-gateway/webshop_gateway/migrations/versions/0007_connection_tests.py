"""connection tests: each result kept with its date

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 10:40:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'connection_tests',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('webshop_id', sa.Integer(), sa.ForeignKey('webshops.id'), nullable=False),
        sa.Column('tested_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('tested_by', sa.String(200), nullable=False),
        sa.Column('passed', sa.Boolean(), nullable=False),
        sa.Column('checks', postgresql.JSONB(), nullable=False),
    )
    op.create_index('ix_connection_tests_shop', 'connection_tests', ['customer_id', 'webshop_id', 'id'])


def downgrade() -> None:
    op.drop_index('ix_connection_tests_shop', 'connection_tests')
    op.drop_table('connection_tests')
