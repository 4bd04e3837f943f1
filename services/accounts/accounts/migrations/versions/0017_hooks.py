"""webhooks (Picqer's /hooks) and their deliveries

Revision ID: 0017_hooks
Revises: 0016_request_ids
Create Date: 2026-12-01 07:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0017_hooks'
down_revision = '0016_request_ids'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'hooks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), sa.ForeignKey('customers.id'), nullable=True),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('event', sa.String(60), nullable=False),
        sa.Column('address', sa.String(2000), nullable=False),
        sa.Column('secret', sa.String(200), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
        sa.Column('deactivated_reason', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_hooks_customer_id', 'hooks', ['customer_id'])
    op.create_index('ix_hooks_event', 'hooks', ['event'])
    op.create_table(
        'hook_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('delivery_id', sa.String(36), nullable=False),
        sa.Column('hook_id', sa.Integer(), sa.ForeignKey('hooks.id'), nullable=False),
        sa.Column('event', sa.String(60), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_status', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('delivery_id'),
    )
    op.create_index('ix_hook_deliveries_hook_id', 'hook_deliveries', ['hook_id'])
    op.create_index('ix_hook_deliveries_waiting', 'hook_deliveries', ['hook_id', 'id'],
                    postgresql_where=sa.text('delivered_at IS NULL'))


def downgrade() -> None:
    op.drop_table('hook_deliveries')
    op.drop_table('hooks')
