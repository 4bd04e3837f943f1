"""API keys act with their maker's rights; operator keys may be limited to some scopes

Revision ID: 0009_key_rights
Revises: 0008_link_secrecy
Create Date: 2026-12-01 04:40:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0009_key_rights'
down_revision = '0008_link_secrecy'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('api_keys', sa.Column('made_by_user_id', sa.Integer(), sa.ForeignKey('portal_users.id'), nullable=True))
    op.add_column('api_keys', sa.Column('scopes', postgresql.JSONB(), nullable=True))


def downgrade() -> None:
    op.drop_column('api_keys', 'scopes')
    op.drop_column('api_keys', 'made_by_user_id')
