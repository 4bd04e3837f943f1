"""a client's own portal address (host name) beside its branding

Revision ID: 0021_portal_domains
Revises: 0020_api_key_rate_limits
Create Date: 2026-12-01 11:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0021_portal_domains'
down_revision = '0020_api_key_rate_limits'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('portal_branding', sa.Column('domain', sa.String(length=253), nullable=True))
    op.create_unique_constraint('portal_branding_domain_key', 'portal_branding', ['domain'])


def downgrade() -> None:
    op.drop_constraint('portal_branding_domain_key', 'portal_branding', type_='unique')
    op.drop_column('portal_branding', 'domain')
