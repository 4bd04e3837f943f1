from datetime import datetime
from decimal import Decimal

from sqlalchemy import (Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint,
                        func, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from orders.statuses import DEFAULT_CHANGES_ALLOWED_UNTIL, client_may_change


class Base(DeclarativeBase):
    pass


class Order(Base):
    """A client's order for the warehouse to ship: from the portal, the API or a webshop."""

    __tablename__ = "orders"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE
    __table_args__ = (
        # A retried create (same idempotency key) finds the first order instead of making two.
        Index("uq_orders_idempotency_key", "customer_id", "idempotency_key", unique=True,
              postgresql_where=text("idempotency_key IS NOT NULL")),
        Index("ix_orders_customer_created", "customer_id", "id"),
        Index("ix_orders_stock_reservation_asked", "stock_reservation_asked_at",
              postgresql_where=text("stock_reservation IN ('asked', 'release asked')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))  # portal | api | webshop
    # The linked webshop it came from (source webshop): users limited to some shops see only theirs.
    webshop_id: Mapped[int | None] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(100))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="concept")
    deliveryname: Mapped[str] = mapped_column(String(200))
    deliverycontactname: Mapped[str | None] = mapped_column(String(200))
    deliveryaddress: Mapped[str] = mapped_column(String(300))
    deliveryaddress2: Mapped[str | None] = mapped_column(String(300))
    deliveryzipcode: Mapped[str] = mapped_column(String(20))
    deliverycity: Mapped[str] = mapped_column(String(100))
    deliverycountry: Mapped[str] = mapped_column(String(2))
    customer_remarks: Mapped[str | None] = mapped_column(Text)
    # Picqer's contact and invoice fields, kept as the client sent them (the warehouse ships to the
    # delivery address; these are for the client's own use and the carrier's notices).
    emailaddress: Mapped[str | None] = mapped_column(String(254))
    telephone: Mapped[str | None] = mapped_column(String(50))
    invoicename: Mapped[str | None] = mapped_column(String(200))
    invoicecontactname: Mapped[str | None] = mapped_column(String(200))
    invoiceaddress: Mapped[str | None] = mapped_column(String(300))
    invoiceaddress2: Mapped[str | None] = mapped_column(String(300))
    invoicezipcode: Mapped[str | None] = mapped_column(String(20))
    invoicecity: Mapped[str | None] = mapped_column(String(100))
    invoicecountry: Mapped[str | None] = mapped_column(String(2))
    # Picqer's idcustomer: the client's own customer the order is for, a number of the client's.
    end_customer_id: Mapped[int | None] = mapped_column(Integer)
    # How the client wants it sent (a profile it may use); None: the warehouse chooses.
    shipping_profile_id: Mapped[int | None] = mapped_column(ForeignKey("shipping_profiles.id"))
    # Set when the warehouse processes the order: where its stock is reserved.
    warehouse_id: Mapped[int | None] = mapped_column(Integer)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the first product of one of its picklists was picked: the client's changes stop there.
    picking_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Where orders stands with catalog about this order's stock (orders.statuses.RESERVATION_STATES),
    # and since when: asked and not yet answered is repeated by the reconciliation.
    stock_reservation: Mapped[str] = mapped_column(String(20), default="not asked", server_default="not asked")
    stock_reservation_asked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", order_by="OrderLine.id")
    changes: Mapped[list["OrderChange"]] = relationship(back_populates="order", order_by="OrderChange.id")
    comments: Mapped[list["OrderComment"]] = relationship(back_populates="order", order_by="OrderComment.id")
    picklists: Mapped[list["Picklist"]] = relationship(back_populates="order", order_by="Picklist.id")
    # The client's tags on it, in the order they were put on; a renamed tag is renamed on every order.
    tags: Mapped[list["Tag"]] = relationship(secondary="order_tags", order_by="OrderTag.id", lazy="selectin")
    # The client's order rules (no row: a customer not heard of yet, who has the defaults).
    rules: Mapped["CustomerOrderRules | None"] = relationship(
        primaryjoin="foreign(Order.customer_id) == CustomerOrderRules.customer_id", viewonly=True, lazy="selectin")

    @property
    def changes_allowed_until(self) -> str:
        return self.rules.changes_allowed_until if self.rules else DEFAULT_CHANGES_ALLOWED_UNTIL

    @property
    def picking_started(self) -> bool:
        return self.picking_started_at is not None

    @property
    def changeable_by_client(self) -> bool:
        """Whether the client may still change the delivery address or cancel."""
        return client_may_change(self.status, self.picking_started, self.changes_allowed_until)


class OrderLine(Base):
    """One product on an order; code, name and price as they were when ordered."""

    __tablename__ = "order_lines"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(Integer, index=True)
    productcode: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    amount: Mapped[int] = mapped_column(Integer)
    # Reserved for this line in the catalog; the rest, until it arrives, is its backorder.
    allocated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Shipped on closed picklists, as catalog confirmed it.
    shipped: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The catalog's version of the reservation `allocated` comes from (orders.line_allocation).
    reservation_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    order: Mapped[Order] = relationship(back_populates="lines")
    backorder: Mapped["Backorder | None"] = relationship(back_populates="line")

    @property
    def backordered(self) -> int:
        return self.backorder.amount if self.backorder else 0


class Backorder(Base):
    """What an order line still waits for: filled oldest first as stock arrives."""

    __tablename__ = "backorders"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE
    __table_args__ = (Index("ix_backorders_waiting", "product_id", "warehouse_id", "created_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), unique=True)
    product_id: Mapped[int] = mapped_column(Integer)
    warehouse_id: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    # Why it waits, when it is not stock that never came: units not picked on a picklist, say.
    reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    line: Mapped[OrderLine] = relationship(back_populates="backorder")


class Picklist(Base):
    """What the warehouse is to pick for an order: what its lines held in catalog when it was
    made. Processing makes one for what is reserved; stock that a backorder gets later goes on a
    picklist of its own."""

    __tablename__ = "picklists"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE
    __table_args__ = (
        Index("ix_picklists_customer_id", "customer_id", "id"),
        Index("ix_picklists_stock_consumption_asked", "stock_consumption_asked_at",
              postgresql_where=text("stock_consumption = 'asked'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="new")  # statuses.PICKLIST_STATUSES
    # Where orders stands with catalog about the stock the close took off the shelf.
    stock_consumption: Mapped[str] = mapped_column(String(20), default="not asked", server_default="not asked")
    stock_consumption_asked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Why what was not picked was not, as the warehouse said when closing.
    reason: Mapped[str | None] = mapped_column(String(500))
    closed_by: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    order: Mapped[Order] = relationship(back_populates="picklists")
    lines: Mapped[list["PicklistLine"]] = relationship(back_populates="picklist", order_by="PicklistLine.id")
    shipments: Mapped[list["Shipment"]] = relationship(back_populates="picklist", order_by="Shipment.id")


class PicklistLine(Base):
    """One order line's units on a picklist, and how many of them were picked."""

    __tablename__ = "picklist_lines"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_picklist_lines_amount_positive"),
        CheckConstraint("amount_picked BETWEEN 0 AND amount", name="ck_picklist_lines_picked_within_amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    picklist_id: Mapped[int] = mapped_column(ForeignKey("picklists.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    amount_picked: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    picklist: Mapped[Picklist] = relationship(back_populates="lines")
    line: Mapped[OrderLine] = relationship()


class OrderChange(Base):
    """The audit trail: who did what to the order, and when."""

    __tablename__ = "order_changes"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    changed_by: Mapped[str] = mapped_column(String(200))
    change: Mapped[str] = mapped_column(String(100))
    details: Mapped[dict] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    order: Mapped[Order] = relationship(back_populates="changes")


class OrderComment(Base):
    """A note on an order, by the client or the warehouse."""

    __tablename__ = "order_comments"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    author: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    order: Mapped[Order] = relationship(back_populates="comments")


class CurrentOrder(Base):
    """A portal user's order in the making (the cart): kept across sessions and devices until
    it is placed."""

    __tablename__ = "current_orders"
    __table_args__ = (Index("uq_current_orders_user", "customer_id", "user_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(Integer)
    # The delivery address, reference and remarks typed so far, as OrderInput fields.
    details: Mapped[dict] = mapped_column(JSONB, default=dict)
    # Bumped on every change: placing names the version it saw, so a double click places once.
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    lines: Mapped[list["CurrentOrderLine"]] = relationship(
        back_populates="current_order", order_by="CurrentOrderLine.id", cascade="all, delete-orphan")


class CurrentOrderLine(Base):
    __tablename__ = "current_order_lines"
    __table_args__ = (Index("uq_current_order_lines_product", "current_order_id", "product_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    current_order_id: Mapped[int] = mapped_column(ForeignKey("current_orders.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)

    current_order: Mapped[CurrentOrder] = relationship(back_populates="lines")


class KnownProduct(Base):
    """A client's product as catalog announced it (products_created, products_updated): the code,
    name and price an order line copies, kept here so that placing an order does not wait for
    the catalog. A product not heard of yet is asked of the catalog and remembered."""

    __tablename__ = "known_products"
    __table_args__ = (Index("uq_known_products_customer_code", "customer_id", "productcode", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(Integer)
    productcode: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    # catalog's updated_at of what is kept: an older announcement changes nothing.
    catalog_updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CustomerOrderRules(Base):
    """A fulfilment customer's order rules as accounts announced them (customer_created,
    customer_updated): a local copy, because a service never reads another service's tables."""

    __tablename__ = "customer_order_rules"

    customer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    changes_allowed_until: Mapped[str] = mapped_column(String(20))
    process_orders_at_once: Mapped[bool] = mapped_column(Boolean)
    # Where an order processed at once reserves its stock; None: it waits for the warehouse.
    preferred_warehouse_id: Mapped[int | None] = mapped_column(Integer)
    # The shipping profiles its orders may use; empty: all (as Picqer's allowed_shipping_profiles).
    allowed_shipping_profiles: Mapped[list] = mapped_column(JSONB, default=list, server_default="[]")
    # accounts' version of the customer: an event older than what is kept changes nothing.
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class ShippingProvider(Base):
    """A carrier account the operator ships with (PostNL, DHL, …): the public name clients read
    and the carrier's track & trace page, `{trackingcode}` standing for a parcel's code."""

    __tablename__ = "shipping_providers"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    carrier_key: Mapped[str] = mapped_column(String(20))  # shipping_rules.CARRIERS
    public_providername: Mapped[str] = mapped_column(String(100))
    tracktraceurl_pattern: Mapped[str] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    profiles: Mapped[list["ShippingProfile"]] = relationship(back_populates="provider", order_by="ShippingProfile.id")


class ShippingProfile(Base):
    """One way of sending with a provider (standard, evening delivery, …): what a client's order
    names and what a shipment is sent with."""

    __tablename__ = "shipping_profiles"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("shipping_providers.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    provider: Mapped[ShippingProvider] = relationship(back_populates="profiles", lazy="joined")


class Shipment(Base):
    """A parcel sent for a picklist: the profile it went with, its weight and the carrier's code.
    Several parcels are several shipments; one may be cancelled shortly after it was made
    (shipping_rules.CANCEL_WINDOW)."""

    __tablename__ = "shipments"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE
    __table_args__ = (
        Index("ix_shipments_customer_id", "customer_id", "id"),
        CheckConstraint("weight IS NULL OR weight > 0", name="ck_shipments_weight_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    picklist_id: Mapped[int] = mapped_column(ForeignKey("picklists.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("shipping_profiles.id"))
    weight: Mapped[int | None] = mapped_column(Integer)  # grams
    trackingcode: Mapped[str] = mapped_column(String(100))
    tracktraceurl: Mapped[str] = mapped_column(String(1000))
    # Sent on a picklist made for a backorder filled later (not the order's first picklist).
    from_backorder: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    created_by: Mapped[str] = mapped_column(String(200))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    picklist: Mapped[Picklist] = relationship(back_populates="shipments")
    order: Mapped[Order] = relationship()
    profile: Mapped[ShippingProfile] = relationship(lazy="joined")

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class Return(Base):
    """Goods a client's customer sends back from a shipped order, as the client registered them:
    announced, then received by the warehouse, then completed (replacements become a new order)
    or rejected. Every status change is kept with who and when (ReturnChange)."""

    __tablename__ = "returns"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE
    __table_args__ = (Index("ix_returns_customer_id", "customer_id", "id"),
                      # A retried registration (same idempotency key) finds the first return.
                      Index("uq_returns_idempotency_key", "customer_id", "idempotency_key", unique=True,
                            postgresql_where=text("idempotency_key IS NOT NULL")))

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # statuses.RETURN_STATUSES
    reference: Mapped[str | None] = mapped_column(String(100))
    tracking_code: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Where orders stands with catalog about putting what was received back on the shelf
    # (statuses.CONSUMPTION_STATES), and since when: the reconciliation asks again.
    restock: Mapped[str] = mapped_column(String(20), default="not asked", server_default="not asked")
    restock_asked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The order made of the replacement products once the return was completed.
    replacement_order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    order: Mapped[Order] = relationship(foreign_keys=[order_id])
    lines: Mapped[list["ReturnLine"]] = relationship(back_populates="return_", order_by="ReturnLine.id")
    replacements: Mapped[list["ReturnReplacement"]] = relationship(order_by="ReturnReplacement.id")
    changes: Mapped[list["ReturnChange"]] = relationship(order_by="ReturnChange.id")


class ReturnLine(Base):
    """Units of a shipped order line coming back, and why."""

    __tablename__ = "return_lines"
    __table_args__ = (CheckConstraint("amount > 0", name="ck_return_lines_amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(500))
    # Received damaged: not back on the shelf.
    amount_damaged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    return_: Mapped[Return] = relationship(back_populates="lines")
    line: Mapped[OrderLine] = relationship(lazy="joined")


class ReturnReplacement(Base):
    """A product the client wants sent instead, on a new order once the return is completed."""

    __tablename__ = "return_replacements"
    __table_args__ = (CheckConstraint("amount > 0", name="ck_return_replacements_amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    product_id: Mapped[int] = mapped_column(Integer)
    productcode: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(Integer)


class ReturnChange(Base):
    """A return's history: each status it took, who set it and when."""

    __tablename__ = "return_changes"
    __mapper_args__ = {"eager_defaults": True}  # server defaults come back with the INSERT/UPDATE

    id: Mapped[int] = mapped_column(primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    changed_by: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Tag(Base):
    """A client's tag, as Picqer's /tags: a title and a colour. Orders carry tags by id
    (`order_tags`), so renaming one renames it on every order; a title named on an order (the
    portal, PUT /orders/{id}/tags) is one of these, made when first named. Titles are unique per
    client whatever their case, as in Picqer."""

    __tablename__ = "tags"
    __table_args__ = (Index("uq_tags_customer_title", "customer_id", func.lower(text("title")), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(40))
    color: Mapped[str] = mapped_column(String(7))  # "#a68198"
    # Picqer's "orders inherit the tags of a customer": kept as given; clients' customers have no tags here.
    inherit: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OrderTag(Base):
    """A tag on an order; the id keeps the order in which they were put on."""

    __tablename__ = "order_tags"
    __table_args__ = (UniqueConstraint("order_id", "tag_id", name="uq_order_tags_order_tag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), index=True)
