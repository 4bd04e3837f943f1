"""orders keep Picqer's contact and invoice fields and the client's own customer id

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 08:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

COLUMNS = [("emailaddress", sa.String(254)), ("telephone", sa.String(50)), ("invoicename", sa.String(200)),
           ("invoicecontactname", sa.String(200)), ("invoiceaddress", sa.String(300)),
           ("invoiceaddress2", sa.String(300)), ("invoicezipcode", sa.String(20)), ("invoicecity", sa.String(100)),
           ("invoicecountry", sa.String(2)), ("end_customer_id", sa.Integer())]


def upgrade() -> None:
    for name, type_ in COLUMNS:
        op.add_column('orders', sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    for name, _ in COLUMNS:
        op.drop_column('orders', name)
