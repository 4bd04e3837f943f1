"""each client's tags (Picqer's /tags), one for every title its orders already carry

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 11:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(40), nullable=False),
        sa.Column('color', sa.String(7), nullable=False),
        sa.Column('inherit', sa.Boolean(), server_default=sa.text('false'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('customer_id', 'title', name='uq_tags_customer_title'),
    )
    op.create_index('ix_tags_customer_id', 'tags', ['customer_id'])
    op.execute("""
        INSERT INTO tags (customer_id, title, color)
        SELECT DISTINCT orders.customer_id, title, '#7f8c8d'
        FROM orders, jsonb_array_elements_text(orders.tags) AS title
        ORDER BY 1, 2
    """)


def downgrade() -> None:
    op.drop_table('tags')
