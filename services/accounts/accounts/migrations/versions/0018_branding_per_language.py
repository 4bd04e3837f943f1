"""the operator's portal texts per language (text and dashboard text), beside the default ones

Revision ID: 0018_branding_per_language
Revises: 0017_hooks
Create Date: 2026-12-01 11:10:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = '0018_branding_per_language'
down_revision = '0017_hooks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('portal_branding', sa.Column('translations', JSONB(), nullable=False, server_default='{}'))


def downgrade() -> None:
    op.drop_column('portal_branding', 'translations')
