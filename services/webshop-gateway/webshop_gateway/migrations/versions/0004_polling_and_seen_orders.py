"""webshops' polling state; seen_orders: every shop order once, with its outcome

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 07:45:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('webshops', sa.Column('cursor', sa.String(40), nullable=True))
    op.add_column('webshops', sa.Column('next_poll_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('webshops', sa.Column('last_poll_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('webshops', sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('webshops', sa.Column('last_error', sa.Text(), nullable=True))
    op.add_column('webshops', sa.Column('failures_in_a_row', sa.Integer(), server_default='0', nullable=False))
    op.create_table(
        'seen_orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('webshop_id', sa.Integer(), sa.ForeignKey('webshops.id'), nullable=False),
        sa.Column('external_id', sa.String(100), nullable=False),
        sa.Column('reference', sa.String(100), nullable=False),
        sa.Column('shop_status', sa.String(50), nullable=False),
        sa.Column('shop_modified', sa.String(40), nullable=False),
        sa.Column('outcome', sa.String(20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('order_data', postgresql.JSONB(), nullable=True),
        sa.Column('order_id', sa.Integer(), nullable=True),
        sa.Column('times_seen', sa.Integer(), nullable=False),
        sa.Column('first_seen_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column('outcome_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint('webshop_id', 'external_id', name='uq_seen_orders_shop_order'),
    )
    op.create_index('ix_seen_orders_customer_shop', 'seen_orders', ['customer_id', 'webshop_id', 'id'])
    op.create_index('ix_seen_orders_pending', 'seen_orders', ['webshop_id'], postgresql_where=sa.text("outcome = 'pending'"))


def downgrade() -> None:
    op.drop_table('seen_orders')
    for column in ('failures_in_a_row', 'last_error', 'last_success_at', 'last_poll_at', 'next_poll_at', 'cursor'):
        op.drop_column('webshops', column)
