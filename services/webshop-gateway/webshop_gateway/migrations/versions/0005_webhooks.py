"""webshops' webhook address token and the last refused delivery

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 08:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('webshops', sa.Column('webhook_token', sa.String(64), nullable=True))
    # Shops linked before webhooks get an address too (md5 of random: unguessable enough, no extension needed).
    op.execute("UPDATE webshops SET webhook_token = md5(random()::text || id::text || clock_timestamp()::text)")
    op.alter_column('webshops', 'webhook_token', nullable=False)
    op.create_unique_constraint('uq_webshops_webhook_token', 'webshops', ['webhook_token'])
    op.add_column('webshops', sa.Column('webhook_problem', sa.Text(), nullable=True))
    op.add_column('webshops', sa.Column('webhook_problem_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column('webshops', 'webhook_problem_at')
    op.drop_column('webshops', 'webhook_problem')
    op.drop_constraint('uq_webshops_webhook_token', 'webshops')
    op.drop_column('webshops', 'webhook_token')
