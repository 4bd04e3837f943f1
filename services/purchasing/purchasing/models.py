from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from purchasing.statuses import client_may_change


class Base(DeclarativeBase):
    pass


class Supplier(Base):
    """One of a client's own suppliers (each client keeps its own list)."""

    __tablename__ = "suppliers"
    __table_args__ = (Index("ix_suppliers_customer_name", "customer_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    contactname: Mapped[str | None] = mapped_column(String(200))
    telephone: Mapped[str | None] = mapped_column(String(50))
    emailaddress: Mapped[str | None] = mapped_column(String(254))
    remarks: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class PurchaseOrder(Base):
    """Goods a client announces: bought from a supplier, to arrive in the client's warehouse for
    purchase orders."""

    __tablename__ = "purchase_orders"
    __table_args__ = (
        Index("uq_purchase_orders_idempotency_key", "customer_id", "idempotency_key", unique=True,
              postgresql_where=text("idempotency_key IS NOT NULL")),
        Index("ix_purchase_orders_customer", "customer_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    # The supplier's name as it was on the order (or typed, without a supplier from the list).
    supplier_name: Mapped[str] = mapped_column(String(200))
    supplier_orderid: Mapped[str | None] = mapped_column(String(100))
    # The client's warehouse for purchase orders, fixed when the order is purchased.
    warehouse_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="concept")
    remarks: Mapped[str | None] = mapped_column(Text)
    delivery_date: Mapped[date | None] = mapped_column(Date)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())
    purchased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    lines: Mapped[list["PurchaseOrderLine"]] = relationship(
        back_populates="purchase_order", order_by="PurchaseOrderLine.id", cascade="all, delete-orphan")
    changes: Mapped[list["PurchaseOrderChange"]] = relationship(order_by="PurchaseOrderChange.id")
    receipts: Mapped[list["Receipt"]] = relationship(back_populates="purchase_order", order_by="Receipt.id.desc()")

    @property
    def changeable_by_client(self) -> bool:
        return client_may_change(self.status, any(line.amount_received for line in self.lines))


class PurchaseOrderLine(Base):
    """A product the client announces, and how much of it the warehouse has received so far."""

    __tablename__ = "purchase_order_lines"
    __table_args__ = (Index("uq_purchase_order_lines_product", "purchase_order_id", "product_id", unique=True),
                      Index("ix_purchase_order_lines_product", "product_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(Integer)
    productcode: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(Integer)
    amount_received: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    purchase_order: Mapped[PurchaseOrder] = relationship(back_populates="lines")


class PurchaseOrderChange(Base):
    """Who did what to a purchase order, and when."""

    __tablename__ = "purchase_order_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True)
    changed_by: Mapped[str] = mapped_column(String(200))
    change: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CustomerWarehouse(Base):
    """A client's warehouse for purchase orders as accounts announced it (customer_created,
    customer_updated): a local copy, because a service never reads another service's tables."""

    __tablename__ = "customer_warehouses"

    customer_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    purchase_order_warehouse_id: Mapped[int | None] = mapped_column(Integer)
    # accounts' version of the customer: an event older than what is kept changes nothing.
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())


class Receipt(Base):
    """Goods the warehouse received against a purchase order: some lines, partly perhaps."""

    __tablename__ = "receipts"
    __table_args__ = (
        Index("uq_receipts_idempotency_key", "customer_id", "idempotency_key", unique=True,
              postgresql_where=text("idempotency_key IS NOT NULL")),
        Index("ix_receipts_customer", "customer_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    purchase_order_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(Integer)
    remarks: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    purchase_order: Mapped[PurchaseOrder] = relationship(back_populates="receipts")
    lines: Mapped[list["ReceiptLine"]] = relationship(order_by="ReceiptLine.id", cascade="all, delete-orphan")
    # Its stock in catalog: booked, or still to book.
    booking: Mapped["StockBooking"] = relationship(
        primaryjoin="and_(foreign(StockBooking.reference_id) == Receipt.id, StockBooking.reference_type == 'receipt')",
        viewonly=True, uselist=False)


class ReceiptLine(Base):
    __tablename__ = "receipt_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id", ondelete="CASCADE"), index=True)
    purchase_order_line_id: Mapped[int] = mapped_column(ForeignKey("purchase_order_lines.id"))
    product_id: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    # Of `amount`, what was more than the purchase order still expected (received on purpose).
    amount_excessive: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    purchase_order_line: Mapped[PurchaseOrderLine] = relationship()


class StockTransfer(Base):
    """Goods a client sends from its own location to the fulfilment warehouse (its warehouse for
    purchase orders): "to_ship" until the warehouse (or the client) marks it received, line by
    line and possibly short, or it is cancelled."""

    __tablename__ = "stock_transfers"
    __table_args__ = (
        Index("uq_stock_transfers_idempotency_key", "customer_id", "idempotency_key", unique=True,
              postgresql_where=text("idempotency_key IS NOT NULL")),
        Index("ix_stock_transfers_customer", "customer_id", "id"),
        Index("ix_stock_transfers_creator", "customer_id", "created_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    warehouse_id: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    # Where the client ships from (its own shop, store or depot), as it typed it.
    origin: Mapped[str] = mapped_column(String(200))
    expected_date: Mapped[date | None] = mapped_column(Date)
    remarks: Mapped[str | None] = mapped_column(Text)
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(200))
    # Made by the client (portal or its own API key): then only the client changes or cancels it.
    created_by_client: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now())
    received_by: Mapped[str | None] = mapped_column(String(200))
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    lines: Mapped[list["StockTransferLine"]] = relationship(
        back_populates="transfer", order_by="StockTransferLine.id", cascade="all, delete-orphan")
    # Its stock in catalog once received: booked, or still to book.
    booking: Mapped["StockBooking | None"] = relationship(
        primaryjoin="and_(foreign(StockBooking.reference_id) == StockTransfer.id, "
                    "StockBooking.reference_type == 'transfer')",
        viewonly=True, uselist=False)


class StockTransferLine(Base):
    __tablename__ = "stock_transfer_lines"
    __table_args__ = (Index("uq_stock_transfer_lines_product", "transfer_id", "product_id", unique=True),
                      Index("ix_stock_transfer_lines_product", "product_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("stock_transfers.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(Integer)
    productcode: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int] = mapped_column(Integer)
    # What arrived, once received (less than `amount` when short); None before.
    amount_received: Mapped[int | None] = mapped_column(Integer)

    transfer: Mapped[StockTransfer] = relationship(back_populates="lines")


class StockBooking(Base):
    """Goods in that catalog is to book: the lines of a receipt (or a received stock transfer),
    written in the transaction that received them, asked of catalog after its commit, and
    marked booked once catalog answered (`purchasing.stock_bookings`)."""

    __tablename__ = "stock_bookings"
    __table_args__ = (
        Index("uq_stock_bookings_reference", "reference_type", "reference_id", unique=True),
        Index("ix_stock_bookings_to_book", "asked_at", postgresql_where=text("status = 'to book'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(Integer)
    warehouse_id: Mapped[int] = mapped_column(Integer)
    reference_type: Mapped[str] = mapped_column(String(20))  # receipt | transfer
    reference_id: Mapped[int] = mapped_column(Integer)
    # [{idproduct, productcode, name, amount}], each product once
    lines: Mapped[list] = mapped_column(JSONB)
    user_id: Mapped[int | None] = mapped_column(Integer)  # the portal user who received them; None: the warehouse
    status: Mapped[str] = mapped_column(String(20))  # to book | booked | refused
    refusal: Mapped[str | None] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
