"""each API key's own rate limit (requests a minute; none: the gateway's default)

Revision ID: 0020_api_key_rate_limits
Revises: 0019_hook_delivery_pruning
Create Date: 2026-12-01 10:50:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0020_api_key_rate_limits'
down_revision = '0019_hook_delivery_pruning'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('api_keys', sa.Column('rate_limit', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('api_keys', 'rate_limit')
