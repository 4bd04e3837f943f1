"""shop_updates: what goes back to a shop (a shipment's status and tracking code), an outbox per shipment

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 10:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shop_updates',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('webshop_id', sa.Integer(), sa.ForeignKey('webshops.id'), nullable=False),
        sa.Column('seen_order_id', sa.Integer(), sa.ForeignKey('seen_orders.id'), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('shipment_id', sa.Integer(), nullable=False),
        sa.Column('external_id', sa.String(100), nullable=False),
        sa.Column('reference', sa.String(100), nullable=False),
        sa.Column('carrier', sa.String(100), nullable=False),
        sa.Column('trackingcode', sa.String(100), nullable=False),
        sa.Column('tracktraceurl', sa.String(1000), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('send_after', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint('shipment_id', name='uq_shop_updates_shipment'),
    )
    op.create_index('ix_shop_updates_customer_shop', 'shop_updates', ['customer_id', 'webshop_id', 'id'])
    op.create_index('ix_shop_updates_due', 'shop_updates', ['next_attempt_at'],
                    postgresql_where=sa.text("status IN ('waiting', 'sending')"))
    # A shipment names the order; which shop order it came from is the seen order imported as it.
    op.create_index('ix_seen_orders_order', 'seen_orders', ['customer_id', 'order_id'],
                    postgresql_where=sa.text("order_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index('ix_seen_orders_order', 'seen_orders')
    op.drop_table('shop_updates')
