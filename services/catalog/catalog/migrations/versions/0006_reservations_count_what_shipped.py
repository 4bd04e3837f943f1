"""reservations count what shipped of their line on closed picklists

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 03:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('reservations', sa.Column('consumed', sa.Integer(), server_default='0', nullable=False))
    # A line shipped by the per-line call before shipped all it held.
    op.execute("UPDATE reservations SET consumed = amount, wanted = 0, amount = 0 WHERE status = 'consumed'")
    op.create_check_constraint('ck_reservations_consumed_not_negative', 'reservations', 'consumed >= 0')


def downgrade() -> None:
    op.drop_constraint('ck_reservations_consumed_not_negative', 'reservations')
    op.drop_column('reservations', 'consumed')
