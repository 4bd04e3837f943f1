"""stock push: opted in per shop; one row per shop and product code to set its stock

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 11:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('webshops', sa.Column('push_stock', sa.Boolean(), server_default='false', nullable=False))
    op.create_table(
        'stock_pushes',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('webshop_id', sa.Integer(), sa.ForeignKey('webshops.id'), nullable=False),
        sa.Column('productcode', sa.String(100), nullable=False),
        sa.Column('freestock', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('sent_freestock', sa.Integer(), nullable=True),
        sa.UniqueConstraint('webshop_id', 'productcode', name='uq_stock_pushes_shop_code'),
    )
    op.create_index('ix_stock_pushes_due', 'stock_pushes', ['next_attempt_at'],
                    postgresql_where=sa.text("status IN ('waiting', 'sending')"))


def downgrade() -> None:
    op.drop_index('ix_stock_pushes_due', 'stock_pushes')
    op.drop_table('stock_pushes')
    op.drop_column('webshops', 'push_stock')
