"""customer settings, portal user permissions and scoping, email tokens, login throttling

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:05:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('customers', sa.Column('purchase_order_warehouse_id', sa.Integer(), nullable=True))
    op.add_column('customers', sa.Column('can_manage_products', sa.Boolean(), server_default='false', nullable=False))
    op.add_column('customers', sa.Column('notification_email', sa.String(length=254), nullable=True))
    op.alter_column('portal_users', 'password_hash', existing_type=sa.String(length=200), nullable=True)
    op.add_column('portal_users', sa.Column('is_active', sa.Boolean(), server_default='true', nullable=False))
    op.add_column('portal_users', sa.Column('email', sa.String(length=254), nullable=True))
    op.add_column('portal_users', sa.Column('language', sa.String(length=2), nullable=True))
    op.add_column('portal_users', sa.Column('permissions', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False))
    op.add_column('portal_users', sa.Column('webshop_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column('portal_users', sa.Column('warehouse_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    # Users that existed before permissions: the customer's first login, which may do everything.
    op.execute("UPDATE portal_users SET permissions = "
               "'[\"products\", \"ordering\", \"purchasing\", \"returns\", \"webshops\", \"users\"]'")
    op.create_table('user_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=20), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['portal_users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_digest')
    )
    op.create_index(op.f('ix_user_tokens_user_id'), 'user_tokens', ['user_id'], unique=False)
    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('failed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_login_failures_username'), 'login_failures', ['username'], unique=False)
    op.create_index(op.f('ix_login_failures_address'), 'login_failures', ['address'], unique=False)
    op.create_index(op.f('ix_login_failures_failed_at'), 'login_failures', ['failed_at'], unique=False)


def downgrade() -> None:
    op.drop_table('login_failures')
    op.drop_table('user_tokens')
    for column in ('warehouse_ids', 'webshop_ids', 'permissions', 'language', 'email', 'is_active'):
        op.drop_column('portal_users', column)
    op.alter_column('portal_users', 'password_hash', existing_type=sa.String(length=200), nullable=False)
    for column in ('notification_email', 'can_manage_products', 'purchase_order_warehouse_id'):
        op.drop_column('customers', column)
