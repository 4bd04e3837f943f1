from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Index, Integer, Numeric, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Order(Base):
    """A client's order for the warehouse to ship: from the portal, the API or a webshop."""

    __tablename__ = "orders"
    __table_args__ = (
        # A retried create (same idempotency key) finds the first order instead of making two.
        Index("uq_orders_idempotency_key", "customer_id", "idempotency_key", unique=True,
              postgresql_where=text("idempotency_key IS NOT NULL")),
        Index("ix_orders_customer_created", "customer_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))  # portal | api | webshop
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
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", order_by="OrderLine.id")
    changes: Mapped[list["OrderChange"]] = relationship(back_populates="order", order_by="OrderChange.id")


class OrderLine(Base):
    """One product on an order; code, name and price as they were when ordered."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    product_id: Mapped[int] = mapped_column(Integer, index=True)
    productcode: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    amount: Mapped[int] = mapped_column(Integer)

    order: Mapped[Order] = relationship(back_populates="lines")


class OrderChange(Base):
    """The audit trail: who did what to the order, and when."""

    __tablename__ = "order_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    changed_by: Mapped[str] = mapped_column(String(200))
    change: Mapped[str] = mapped_column(String(100))
    details: Mapped[dict] = mapped_column(JSONB, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    order: Mapped[Order] = relationship(back_populates="changes")
