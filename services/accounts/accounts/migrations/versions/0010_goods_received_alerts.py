"""goods received alert per portal user, switchable like the stock alerts

Revision ID: 0010_goods_received_alerts
Revises: 0009_key_rights
Create Date: 2026-12-01 05:15:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0010_goods_received_alerts'
down_revision = '0009_key_rights'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('portal_users', sa.Column('goods_received_alerts', sa.Boolean(), server_default='true',
                                            nullable=False))


def downgrade() -> None:
    op.drop_column('portal_users', 'goods_received_alerts')
