"""customers, portal users and API keys

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 16:17:08.927173
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from servicekit.migrations import create_messaging_tables, drop_messaging_tables

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('customers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('can_login', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('idtemplate', sa.Integer(), nullable=True),
    sa.Column('allowed_shipping_profiles', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('preferred_warehouse_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_digest', sa.String(length=64), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_digest')
    )
    op.create_index(op.f('ix_api_keys_customer_id'), 'api_keys', ['customer_id'], unique=False)
    op.create_table('portal_users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_portal_users_customer_id'), 'portal_users', ['customer_id'], unique=False)
    op.create_index('uq_portal_users_username', 'portal_users', [sa.text('lower(username)')], unique=True)
    create_messaging_tables(op.get_bind())


def downgrade() -> None:
    drop_messaging_tables(op.get_bind())
    op.drop_index('uq_portal_users_username', table_name='portal_users')
    op.drop_index(op.f('ix_portal_users_customer_id'), table_name='portal_users')
    op.drop_table('portal_users')
    op.drop_index(op.f('ix_api_keys_customer_id'), table_name='api_keys')
    op.drop_table('api_keys')
    op.drop_table('customers')
