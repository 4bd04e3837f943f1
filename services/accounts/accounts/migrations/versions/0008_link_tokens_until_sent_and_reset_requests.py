"""links' tokens kept only until their email is sent; password reset requests, answered later

Revision ID: 0008_link_secrecy
Revises: 0007_stock_alerts
Create Date: 2026-12-01 02:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0008_link_secrecy'
down_revision = '0007_stock_alerts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('outgoing_mail', sa.Column('link_token', sa.String(length=100), nullable=True))
    # Emails sent before kept their links in full: take the tokens out.
    op.execute(r"""UPDATE outgoing_mail
                   SET body = regexp_replace(body, '/(invite|password-reset)/[A-Za-z0-9_-]+', '/\1/[sent]', 'g')
                   WHERE sent_at IS NOT NULL""")
    op.create_table(
        'password_reset_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('username_or_email', sa.String(length=254), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_password_reset_requests_username_or_email', 'password_reset_requests', ['username_or_email'])
    op.create_index('ix_password_reset_requests_address', 'password_reset_requests', ['address'])
    op.create_index('ix_password_reset_requests_requested_at', 'password_reset_requests', ['requested_at'])


def downgrade() -> None:
    op.drop_table('password_reset_requests')
    op.drop_column('outgoing_mail', 'link_token')
