"""usernames unique per customer, not across customers: whether another customer has a name is
not told; the refusals kept to throttle probing it are no longer needed

Revision ID: 0014_usernames_per_customer
Revises: 0013_mail_held_until
Create Date: 2026-12-01 08:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0014_usernames_per_customer'
down_revision = '0013_mail_held_until'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('uq_portal_users_username', table_name='portal_users')
    op.create_index('uq_portal_users_customer_username', 'portal_users',
                    ['customer_id', sa.text('lower(username)')], unique=True)
    op.drop_table('name_refusals')


def downgrade() -> None:
    op.create_table(
        'name_refusals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('portal_users.id'), nullable=False),
        sa.Column('refused_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_name_refusals_user_id', 'name_refusals', ['user_id'])
    op.drop_index('uq_portal_users_customer_username', table_name='portal_users')
    op.create_index('uq_portal_users_username', 'portal_users', [sa.text('lower(username)')], unique=True)
