from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Webshop(Base):
    """A client's shop linked to the platform: where to ask for its orders, and with what."""

    __tablename__ = "webshops"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (Index("ix_webshops_customer", "customer_id", "id"),
                      UniqueConstraint("webhook_token", name="uq_webshops_webhook_token"))

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    platform: Mapped[str] = mapped_column(String(20))  # webshop_gateway.platforms.PLATFORMS
    name: Mapped[str] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500))
    # Fernet token of the credentials JSON (webshop_gateway.credentials); None once unlinked.
    credentials: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    removed_by: Mapped[str | None] = mapped_column(String(200))
    # Polling: where the last complete read ended (the shop's newest change seen, ISO 8601 UTC),
    # when to ask next, and how the last polls went.
    cursor: Mapped[str | None] = mapped_column(String(40))
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures_in_a_row: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Webhooks: the shop posts to an address holding this token (unguessable, so nobody else can
    # reach the shop's log), signed with the webhook secret among the credentials. The last
    # delivery refused, and why, for the client to act on.
    webhook_token: Mapped[str] = mapped_column(String(64))
    webhook_problem: Mapped[str | None] = mapped_column(Text)
    webhook_problem_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the client was emailed that the sync fails (webshop_gateway.sync_health); None while it
    # works, so the next failing spell is told again.
    sync_alerted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Our free stock is pushed to the shop's products (webshop_gateway.stock_push): opted in per shop.
    push_stock: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # The full push once it is switched on: the next page of the client's products to compare with
    # the shop (None: none pending), not before stock_full_push_at (later after the shop failed).
    stock_full_push_offset: Mapped[int | None] = mapped_column(Integer)
    stock_full_push_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SeenOrder(Base):
    """An order a shop sent, once per shop order however often it came, with what became of it:
    pending (orders not asked yet, or not answering), imported (its order), skipped (not to be
    fulfilled) or failed (a reason a person can act on; retried once the cause is fixed)."""

    __tablename__ = "seen_orders"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        UniqueConstraint("webshop_id", "external_id", name="uq_seen_orders_shop_order"),
        Index("ix_seen_orders_customer_shop", "customer_id", "webshop_id", "id"),
        Index("ix_seen_orders_pending", "webshop_id", postgresql_where=text("outcome = 'pending'")),
        Index("ix_seen_orders_order", "customer_id", "order_id", postgresql_where=text("order_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    webshop_id: Mapped[int] = mapped_column(ForeignKey("webshops.id"))
    external_id: Mapped[str] = mapped_column(String(100))
    reference: Mapped[str] = mapped_column(String(100))
    shop_status: Mapped[str] = mapped_column(String(50))
    shop_modified: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))  # pending | imported | skipped | failed
    reason: Mapped[str | None] = mapped_column(Text)
    order_data: Mapped[dict | None] = mapped_column(JSONB)  # orders' OrderInput, what an import sends
    order_id: Mapped[int | None] = mapped_column(Integer)
    times_seen: Mapped[int] = mapped_column(Integer, default=1)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    outcome_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ShopUpdate(Base):
    """What goes back to a shop when an order it sent ships: the shop order's new status and the
    parcel's tracking code, one row per shipment (an outbox: written when orders announces the
    shipment, sent by a timer once the parcel can no longer be cancelled).

    status: waiting (to be sent at next_attempt_at, not before send_after) → sending (claimed by
    the timer, the shop is being told) → sent; failed (the shop refused it for a reason that will
    not pass by itself, in last_error); cancelled (the parcel was withdrawn in its window: never sent)."""

    __tablename__ = "shop_updates"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        UniqueConstraint("shipment_id", name="uq_shop_updates_shipment"),
        Index("ix_shop_updates_customer_shop", "customer_id", "webshop_id", "id"),
        Index("ix_shop_updates_due", "next_attempt_at", postgresql_where=text("status IN ('waiting', 'sending')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    webshop_id: Mapped[int] = mapped_column(ForeignKey("webshops.id"))
    seen_order_id: Mapped[int] = mapped_column(ForeignKey("seen_orders.id"))
    order_id: Mapped[int] = mapped_column(Integer)
    shipment_id: Mapped[int] = mapped_column(Integer)  # orders' idshipment: what makes the row once per parcel
    external_id: Mapped[str] = mapped_column(String(100))  # the shop's id of its order
    reference: Mapped[str] = mapped_column(String(100))  # the shop's order number
    carrier: Mapped[str] = mapped_column(String(100))
    trackingcode: Mapped[str] = mapped_column(String(100))
    tracktraceurl: Mapped[str] = mapped_column(String(1000))
    # What the parcel holds, [{productcode, amount}]: a Shopify fulfillment is made of these items.
    # None for updates recorded before it was kept (they fulfil whatever is still open).
    products: Mapped[list | None] = mapped_column(JSONB)
    status: Mapped[str] = mapped_column(String(20))
    send_after: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ConnectionTest(Base):
    """A connection test's result: each named check (webshop_gateway.connection_test.CHECKS) with
    its status, what the shop answered and the values the client is told; kept, newest shown."""

    __tablename__ = "connection_tests"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (Index("ix_connection_tests_shop", "customer_id", "webshop_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    webshop_id: Mapped[int] = mapped_column(ForeignKey("webshops.id"))
    tested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    tested_by: Mapped[str] = mapped_column(String(200))
    passed: Mapped[bool] = mapped_column(Boolean)  # no check failed
    checks: Mapped[list] = mapped_column(JSONB)


class SyncFailure(Base):
    """A poll that failed, and why: counted for the sync-health panel, kept a week."""

    __tablename__ = "sync_failures"
    __table_args__ = (Index("ix_sync_failures_shop", "webshop_id", "failed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    webshop_id: Mapped[int] = mapped_column(ForeignKey("webshops.id"))
    failed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    message: Mapped[str] = mapped_column(Text)


class StockPush(Base):
    """Our free stock of one product, to be set in one shop (webshop_gateway.stock_push): one row per
    shop and product code, coalescing every change until it is sent. status: waiting (at
    next_attempt_at) → sending (claimed) → sent; failed (the shop cannot take it: last_error says
    what to do). `version` grows with each change, so one arriving during a send is sent after it."""

    __tablename__ = "stock_pushes"
    __mapper_args__ = {"eager_defaults": True}
    __table_args__ = (
        UniqueConstraint("webshop_id", "productcode", name="uq_stock_pushes_shop_code"),
        Index("ix_stock_pushes_due", "next_attempt_at", postgresql_where=text("status IN ('waiting', 'sending')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    webshop_id: Mapped[int] = mapped_column(ForeignKey("webshops.id"))
    productcode: Mapped[str] = mapped_column(String(100))
    freestock: Mapped[int] = mapped_column(Integer)  # as the last change said it (the value sent is asked anew)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_freestock: Mapped[int | None] = mapped_column(Integer)
