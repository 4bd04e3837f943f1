"""a queued mail may wait (a shipped mail until its parcel can no longer be cancelled) and names
what it is about, so that a cancellation can withdraw it

Revision ID: 0013_mail_held_until
Revises: 0012_name_refusals
Create Date: 2026-12-01 07:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0013_mail_held_until'
down_revision = '0012_name_refusals'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('outgoing_mail', sa.Column('send_after', sa.DateTime(timezone=True), nullable=True))
    op.add_column('outgoing_mail', sa.Column('about', sa.String(100), nullable=True))
    op.create_index('ix_outgoing_mail_about', 'outgoing_mail', ['about'])


def downgrade() -> None:
    op.drop_index('ix_outgoing_mail_about', 'outgoing_mail')
    op.drop_column('outgoing_mail', 'about')
    op.drop_column('outgoing_mail', 'send_after')
