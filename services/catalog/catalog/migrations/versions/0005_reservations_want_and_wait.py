"""reservations want their line's amount, wait in turn for what they miss, and count versions

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 02:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # What a reservation wanted was not kept: it wants what it holds, until orders asks again
    # for a line that still waits (its reconciliation does).
    op.add_column('reservations', sa.Column('wanted', sa.Integer(), nullable=True))
    op.execute("UPDATE reservations SET wanted = amount")
    op.alter_column('reservations', 'wanted', nullable=False)
    op.add_column('reservations', sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    op.create_check_constraint('ck_reservations_amount_within_wanted', 'reservations', 'amount <= wanted')
    op.create_index('ix_reservations_waiting', 'reservations',
                    ['product_id', 'warehouse_id', 'created_at', 'order_line_id'],
                    postgresql_where=sa.text("status = 'reserved' AND amount < wanted"))


def downgrade() -> None:
    op.drop_index('ix_reservations_waiting', table_name='reservations')
    op.drop_constraint('ck_reservations_amount_within_wanted', 'reservations')
    op.drop_column('reservations', 'version')
    op.drop_column('reservations', 'wanted')
