from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, LargeBinary, Numeric, String, Text,
    UniqueConstraint, func, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


UNIQUE_PRODUCTCODE = "uq_products_customer_productcode"
UNIQUE_MOVEMENT_REFERENCE = "uq_stock_movements_reference"


class Base(DeclarativeBase):
    pass


class Warehouse(Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class KnownCustomer(Base):
    """A fulfilment customer as accounts announced it: a local copy, fed by its events, because
    a service never reads another service's tables."""

    __tablename__ = "known_customers"

    customer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class Product(Base):
    """A product one fulfilment customer stores in the warehouse."""

    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("customer_id", "productcode", name=UNIQUE_PRODUCTCODE),
        CheckConstraint("price >= 0", name="ck_products_price_not_negative"),
        CheckConstraint("costprice >= 0", name="ck_products_costprice_not_negative"),
        CheckConstraint("weight >= 0", name="ck_products_weight_not_negative"),
        CheckConstraint("minimum_stock >= 0", name="ck_products_minimum_stock_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("known_customers.customer_id"), index=True)
    productcode: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    barcode: Mapped[str | None] = mapped_column(String(100))
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"))
    costprice: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=Decimal("0"), server_default="0")
    weight: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # grams
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    # The client wants to hear when free stock falls below this (0: never).
    minimum_stock: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Picqer's product description (free text) and VAT group (catalog.vat_groups).
    description: Mapped[str | None] = mapped_column(Text)
    vatgroup_id: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    stock_levels: Mapped[list["StockLevel"]] = relationship(
        back_populates="product", order_by="StockLevel.warehouse_id"
    )


class StockLevel(Base):
    """How many of a product one warehouse holds, and how many of those orders have claimed."""

    __tablename__ = "stock_levels"
    __table_args__ = (
        CheckConstraint("on_hand >= 0", name="ck_stock_levels_on_hand_not_negative"),
        CheckConstraint("reserved >= 0", name="ck_stock_levels_reserved_not_negative"),
        CheckConstraint("reserved <= on_hand", name="ck_stock_levels_reserved_within_on_hand"),
    )

    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), primary_key=True)
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)

    product: Mapped[Product] = relationship(back_populates="stock_levels")

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved


class StockMovement(Base):
    """One line of the stock history: append-only, never updated or deleted."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_product_id_id", "product_id", "id"),
        Index("ix_stock_movements_customer_id_id", "customer_id", "id"),
        # A user's history (`iduser`) a page at a time; most movements (receipts, picklists) have
        # no user, so only those with one are indexed. A user is one customer's: the customer's
        # own condition holds for every row of the range.
        Index("ix_stock_movements_user_id_id", "user_id", "id", postgresql_where=text("user_id IS NOT NULL")),
        # A receipt line, a shipped order line or a return line moves stock once, however often
        # its service retries the call.
        Index(UNIQUE_MOVEMENT_REFERENCE, "customer_id", "reference_type", "reference_id", "product_id",
              "warehouse_id", unique=True, postgresql_where=text("reference_type IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    customer_id: Mapped[int] = mapped_column(Integer)
    change: Mapped[int] = mapped_column(Integer)
    old_stock: Mapped[int] = mapped_column(Integer)
    new_stock: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    reference_type: Mapped[str | None] = mapped_column(String(20))  # picklist, receipt, return, transfer
    reference_id: Mapped[str | None] = mapped_column(String(100))
    changed_by: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(Integer)  # the portal user (accounts) who made it; None: nobody known
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    product: Mapped[Product] = relationship()


class CostPrice(Base):
    """A product's cost price from a moment on: stock on a past date is valued at the cost price
    valid then (`catalog.cost_prices`), as the client's accounting needs."""

    __tablename__ = "cost_prices"
    __table_args__ = (Index("ix_cost_prices_product_id_valid_from", "product_id", "valid_from"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    costprice: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    valid_from: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Reservation(Base):
    """Stock one order line claims in one warehouse. Keyed by the line, so that orders can
    repeat a call safely. It wants the line's amount and holds what free stock allowed; what it
    misses waits and is served first come, first served as stock comes free
    (`catalog.reservation_rules`). `version` counts its changes, so that orders can tell an old
    answer from a newer one."""

    __tablename__ = "reservations"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="ck_reservations_amount_not_negative"),
        CheckConstraint("amount <= wanted", name="ck_reservations_amount_within_wanted"),
        CheckConstraint("consumed >= 0", name="ck_reservations_consumed_not_negative"),
        CheckConstraint("status IN ('reserved', 'released', 'consumed')", name="ck_reservations_status"),
        # The claims still waiting for stock of a product in a warehouse, in their turn.
        Index("ix_reservations_waiting", "product_id", "warehouse_id", "created_at", "order_line_id",
              postgresql_where=text("status = 'reserved' AND amount < wanted")),
    )

    customer_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    order_line_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    wanted: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    # Shipped on the line's closed picklists; `wanted` is what it wants besides (consumed when 0).
    consumed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[str] = mapped_column(String(10), default="reserved")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class ProductImage(Base):
    """A product photo, checked and shrunk to a thumbnail on upload; kept in the database so that
    it is as durable, backed up and tenant-scoped as the product itself."""

    __tablename__ = "product_images"
    __table_args__ = (Index("ix_product_images_customer_id_product_id", "customer_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    content_type: Mapped[str] = mapped_column(String(50))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    image: Mapped[bytes] = mapped_column(LargeBinary)
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
