"""returns of shipped orders: their lines with reasons, replacement products, status history

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 05:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('tracking_code', sa.String(length=100), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replacement_order_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id']),
    sa.ForeignKeyConstraint(['replacement_order_id'], ['orders.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_returns_customer_id', 'returns', ['customer_id', 'id'])
    op.create_index('ix_returns_order_id', 'returns', ['order_id'])
    op.create_table('return_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('order_line_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.CheckConstraint('amount > 0', name='ck_return_lines_amount_positive'),
    sa.ForeignKeyConstraint(['return_id'], ['returns.id']),
    sa.ForeignKeyConstraint(['order_line_id'], ['order_lines.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_return_lines_return_id', 'return_lines', ['return_id'])
    op.create_index('ix_return_lines_order_line_id', 'return_lines', ['order_line_id'])
    op.create_table('return_replacements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('productcode', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.CheckConstraint('amount > 0', name='ck_return_replacements_amount_positive'),
    sa.ForeignKeyConstraint(['return_id'], ['returns.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_return_replacements_return_id', 'return_replacements', ['return_id'])
    op.create_table('return_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('changed_by', sa.String(length=200), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['return_id'], ['returns.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_return_changes_return_id', 'return_changes', ['return_id'])


def downgrade() -> None:
    for table in ('return_changes', 'return_replacements', 'return_lines', 'returns'):
        op.drop_table(table)
