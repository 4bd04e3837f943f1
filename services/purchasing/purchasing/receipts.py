"""The warehouse receives goods against a purchase order: per line, partly, several receipts per
purchase order. More than announced only with `allow_over_receipt`, and recorded as such. The
receipt commits with a booking of its lines (`purchasing.stock_bookings`), which catalog books
after the commit: the receipt is "processing" until then, "completed" once booked."""
from datetime import datetime, timezone

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from purchasing.exceptions import InvalidReceipt, PurchaseOrderLocked, ReceiptNotFound
from purchasing.models import PurchaseOrder, PurchaseOrderChange, PurchaseOrderLine, Receipt, ReceiptLine
from purchasing.purchase_order_lookup import find_purchase_order
from purchasing.schemas import ReceiptFilters, ReceiptInput, receipt_output
from purchasing.statuses import CANCELLED, CONCEPT, RECEIVED
from purchasing.stock_bookings import new_booking
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE_SIZE = 100
_receipt_input = ReceiptInput()
_filters_input = ReceiptFilters()


def receipts_query() -> Select:
    return (select(Receipt).options(selectinload(Receipt.lines).selectinload(ReceiptLine.purchase_order_line),
                                    selectinload(Receipt.purchase_order), selectinload(Receipt.booking))
            .order_by(Receipt.id.desc()))


def _refuse_receiving(purchase_order: PurchaseOrder) -> None:
    if purchase_order.status == CANCELLED:
        raise PurchaseOrderLocked("The purchase order has been cancelled; nothing can be received on it.")
    if purchase_order.status == CONCEPT:
        raise PurchaseOrderLocked("The purchase order is a concept: the client has not placed it yet.")


def _line_named(purchase_order: PurchaseOrder, named: dict, where: str) -> PurchaseOrderLine:
    """The purchase order's line a received line names: by idpurchaseorder_product, idproduct or productcode."""
    for key, attribute in (("idpurchaseorder_product", "id"), ("idproduct", "product_id"), ("productcode", "productcode")):
        if key in named:
            found = next((line for line in purchase_order.lines if getattr(line, attribute) == named[key]), None)
            if found is None:
                raise InvalidReceipt(f"{where}: {key} {named[key]!r} is not on this purchase order")
            return found
    raise InvalidReceipt(f"{where}: name the line by idpurchaseorder_product, idproduct or productcode")


def receive(uow: UnitOfWork, customer_id: int, purchase_order_id, data, received_by: str,
            idempotency_key: str | None = None) -> dict:
    """Register a receipt; returns {"receipt", "created", "booking_id"}. A repeated
    `idempotency_key` answers the receipt made before (created False)."""
    session, key = uow.session, (idempotency_key or "").strip()[:200] or None
    purchase_order = find_purchase_order(session, customer_id, purchase_order_id, for_update=True)
    if key and (existing := _by_idempotency_key(session, customer_id, key)):
        return {"receipt": receipt_output.dump(existing), "created": False, "booking_id": existing.booking.id}
    fields = load(_receipt_input, data, InvalidReceipt)
    _refuse_receiving(purchase_order)
    receipt = Receipt(customer_id=customer_id, purchase_order=purchase_order, warehouse_id=purchase_order.warehouse_id,
                      remarks=fields.get("remarks"), created_by=received_by, idempotency_key=key)
    seen = set()
    for number, named in enumerate(fields["products"]):
        where = f"products.{number}"
        line = _line_named(purchase_order, named, where)
        if line.id in seen:
            raise InvalidReceipt(f"{where}: {line.productcode} is on the receipt twice; add the amounts up")
        seen.add(line.id)
        expected = max(0, line.amount - line.amount_received)
        excess = max(0, named["amount"] - expected)
        if excess and not fields["allow_over_receipt"]:
            raise InvalidReceipt(f"{where}.amount: {named['amount']} × {line.productcode} is more than the "
                                 f"{expected} still expected; send allow_over_receipt: true to receive the excess")
        line.amount_received += named["amount"]
        receipt.lines.append(ReceiptLine(purchase_order_line=line, product_id=line.product_id,
                                         amount=named["amount"], amount_excessive=excess))
    if all(line.amount_received >= line.amount for line in purchase_order.lines):
        purchase_order.status, purchase_order.completed_at = RECEIVED, datetime.now(timezone.utc)
    purchase_order.changes.append(PurchaseOrderChange(changed_by=received_by, change="goods received"))
    session.add(receipt)
    try:
        session.flush()
    except IntegrityError:
        # The same receipt, retried at the same moment, won the race: answer with it.
        session.rollback()
        existing = _by_idempotency_key(session, customer_id, key)
        return {"receipt": receipt_output.dump(existing), "created": False, "booking_id": existing.booking.id}
    booking = new_booking(uow, customer_id, receipt.warehouse_id, "receipt", receipt.id, [
        {"idproduct": line.product_id, "productcode": line.purchase_order_line.productcode,
         "name": line.purchase_order_line.name, "amount": line.amount} for line in receipt.lines])
    session.refresh(receipt)
    return {"receipt": receipt_output.dump(receipt), "created": True, "booking_id": booking.id}


def _by_idempotency_key(session: Session, customer_id: int, key: str) -> Receipt | None:
    return session.scalar(receipts_query().where(Receipt.customer_id == customer_id, Receipt.idempotency_key == key))


def find_receipt(session: Session, customer_id: int | None, receipt_id) -> Receipt:
    """The customer's receipt (None: any customer's, for the operator); another customer's
    answers exactly like a missing one."""
    if not isinstance(receipt_id, int) or isinstance(receipt_id, bool):
        raise ReceiptNotFound(f"receipt {receipt_id} not found")
    query = receipts_query().where(Receipt.id == receipt_id)
    found = session.scalar(query if customer_id is None else query.where(Receipt.customer_id == customer_id))
    if found is None:
        raise ReceiptNotFound(f"receipt {receipt_id} not found")
    return found


def get_receipt(session: Session, customer_id: int, receipt_id) -> dict:
    return receipt_output.dump(find_receipt(session, customer_id, receipt_id))


def get_receipt_of_any_customer(session: Session, receipt_id) -> dict:
    return receipt_output.dump(find_receipt(session, None, receipt_id))


def _listed(session: Session, query: Select, offset, filters) -> list[dict]:
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidReceipt("offset: must be a whole number, 0 or more")
    chosen = load(_filters_input, filters or {}, InvalidReceipt)
    if chosen.get("idpurchaseorder") is not None:
        query = query.where(Receipt.purchase_order_id == chosen["idpurchaseorder"])
    if chosen.get("idwarehouses") is not None:
        query = query.where(Receipt.warehouse_id.in_(chosen["idwarehouses"]))
    return receipt_output.dump(session.scalars(query.offset(offset).limit(PAGE_SIZE)), many=True)


def list_receipts(session: Session, customer_id: int, offset=0, filters=None) -> list[dict]:
    """Newest first, 100 a page; filters: idpurchaseorder, idwarehouses (received in these)."""
    return _listed(session, receipts_query().where(Receipt.customer_id == customer_id), offset, filters)


def list_receipts_of_all_customers(session: Session, offset=0, filters=None) -> list[dict]:
    return _listed(session, receipts_query(), offset, filters)
