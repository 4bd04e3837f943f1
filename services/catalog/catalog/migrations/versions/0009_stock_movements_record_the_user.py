"""each stock movement keeps the portal user who made it (Picqer's `iduser`; none for the
warehouse's keys and the system), and the stock history filters by it

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 13:45:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('stock_movements', sa.Column('user_id', sa.Integer(), nullable=True))
    op.create_index('ix_stock_movements_user_id_id', 'stock_movements', ['user_id', 'id'],
                    postgresql_where=sa.text('user_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_stock_movements_user_id_id', table_name='stock_movements')
    op.drop_column('stock_movements', 'user_id')
