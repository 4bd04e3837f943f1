"""username refusals per portal user, to throttle probing which usernames exist

Revision ID: 0012_name_refusals
Revises: 0011_shipment_alerts
Create Date: 2026-12-01 05:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0012_name_refusals'
down_revision = '0011_shipment_alerts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'name_refusals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('portal_users.id'), nullable=False),
        sa.Column('refused_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_name_refusals_user_id', 'name_refusals', ['user_id'])


def downgrade() -> None:
    op.drop_table('name_refusals')
