"""orders carry their tags by id (so a renamed tag is renamed on every order), and a client's tag
titles are unique whatever their case, as in Picqer

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 13:50:00
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'order_tags',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('tag_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('order_id', 'tag_id', name='uq_order_tags_order_tag'),
    )
    op.create_index('ix_order_tags_tag_id', 'order_tags', ['tag_id'])
    # Titles differing only in case become one tag, the oldest; each order keeps its tags' order.
    op.execute("""
        CREATE TEMPORARY TABLE tag_keeper AS
        SELECT id, customer_id, title, min(id) OVER (PARTITION BY customer_id, lower(title)) AS keeper FROM tags
    """)
    op.execute("""
        INSERT INTO order_tags (order_id, tag_id)
        SELECT order_id, keeper FROM (
            SELECT orders.id AS order_id, tag_keeper.keeper, min(named.position) AS position
            FROM orders, jsonb_array_elements_text(orders.tags) WITH ORDINALITY AS named(title, position), tag_keeper
            WHERE tag_keeper.customer_id = orders.customer_id AND tag_keeper.title = named.title
            GROUP BY orders.id, tag_keeper.keeper
        ) AS carried
        ORDER BY order_id, position
    """)
    op.execute("DELETE FROM tags USING tag_keeper WHERE tags.id = tag_keeper.id AND tag_keeper.id <> tag_keeper.keeper")
    op.execute("DROP TABLE tag_keeper")
    op.drop_constraint('uq_tags_customer_title', 'tags', type_='unique')
    op.create_index('uq_tags_customer_title', 'tags', ['customer_id', sa.text('lower(title)')], unique=True)
    op.drop_column('orders', 'tags')


def downgrade() -> None:
    op.add_column('orders', sa.Column('tags', postgresql.JSONB(astext_type=sa.Text()), server_default='[]',
                                      nullable=False))
    op.execute("""
        UPDATE orders SET tags = carried.titles FROM (
            SELECT order_tags.order_id, jsonb_agg(tags.title ORDER BY order_tags.id) AS titles
            FROM order_tags JOIN tags ON tags.id = order_tags.tag_id GROUP BY order_tags.order_id
        ) AS carried WHERE carried.order_id = orders.id
    """)
    op.drop_index('uq_tags_customer_title', table_name='tags')
    op.create_unique_constraint('uq_tags_customer_title', 'tags', ['customer_id', 'title'])
    op.drop_table('order_tags')
