"""shipping providers and their profiles (operator-managed), the profile an order is sent with,
the profiles each client may use

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 04:30:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shipping_providers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('carrier_key', sa.String(length=20), nullable=False),
    sa.Column('public_providername', sa.String(length=100), nullable=False),
    sa.Column('tracktraceurl_pattern', sa.String(length=500), nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('shipping_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), server_default='true', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['shipping_providers.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_shipping_profiles_provider_id', 'shipping_profiles', ['provider_id'])
    op.add_column('orders', sa.Column('shipping_profile_id', sa.Integer(), nullable=True))
    op.create_foreign_key('orders_shipping_profile_id_fkey', 'orders', 'shipping_profiles',
                          ['shipping_profile_id'], ['id'])
    op.add_column('customer_order_rules', sa.Column('allowed_shipping_profiles', postgresql.JSONB(astext_type=sa.Text()),
                                                    server_default='[]', nullable=False))


def downgrade() -> None:
    op.drop_column('customer_order_rules', 'allowed_shipping_profiles')
    op.drop_constraint('orders_shipping_profile_id_fkey', 'orders', type_='foreignkey')
    op.drop_column('orders', 'shipping_profile_id')
    op.drop_index('ix_shipping_profiles_provider_id', table_name='shipping_profiles')
    op.drop_table('shipping_profiles')
    op.drop_table('shipping_providers')
