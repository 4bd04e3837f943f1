"""portal branding

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 17:20:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('portal_branding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=200), nullable=True),
    sa.Column('link', sa.String(length=500), nullable=True),
    sa.Column('dashboard_text', sa.Text(), nullable=True),
    sa.Column('logo', sa.LargeBinary(), nullable=True),
    sa.Column('logo_type', sa.String(length=30), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('customer_id')
    )
    op.create_index('uq_portal_branding_for_all', 'portal_branding', [sa.text('(customer_id IS NULL)')],
                    unique=True, postgresql_where=sa.text('customer_id IS NULL'))


def downgrade() -> None:
    op.drop_index('uq_portal_branding_for_all', table_name='portal_branding')
    op.drop_table('portal_branding')
