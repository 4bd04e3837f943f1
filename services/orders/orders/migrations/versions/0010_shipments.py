"""shipments: the parcels sent for a picklist, with profile, weight and track & trace

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 04:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('shipments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('picklist_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('weight', sa.Integer(), nullable=True),
    sa.Column('trackingcode', sa.String(length=100), nullable=False),
    sa.Column('tracktraceurl', sa.String(length=1000), nullable=False),
    sa.Column('from_backorder', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('weight IS NULL OR weight > 0', name='ck_shipments_weight_positive'),
    sa.ForeignKeyConstraint(['picklist_id'], ['picklists.id']),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id']),
    sa.ForeignKeyConstraint(['profile_id'], ['shipping_profiles.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_shipments_customer_id', 'shipments', ['customer_id', 'id'])
    op.create_index('ix_shipments_picklist_id', 'shipments', ['picklist_id'])
    op.create_index('ix_shipments_order_id', 'shipments', ['order_id'])


def downgrade() -> None:
    op.drop_table('shipments')
