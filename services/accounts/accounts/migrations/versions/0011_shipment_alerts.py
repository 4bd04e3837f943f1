"""a user may switch off the mails about shipped orders and backorders

Revision ID: 0011_shipment_alerts
Revises: 0010_goods_received_alerts
Create Date: 2026-12-01 05:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0011_shipment_alerts'
down_revision = '0010_goods_received_alerts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('portal_users', sa.Column('shipment_alerts', sa.Boolean(), server_default='true', nullable=False))


def downgrade() -> None:
    op.drop_column('portal_users', 'shipment_alerts')
