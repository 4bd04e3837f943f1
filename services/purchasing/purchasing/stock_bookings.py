"""Goods in, booked in catalog between purchasing's own transactions: a receipt (or a received
stock transfer) commits first, with a booking of its lines "to book"; then catalog is asked to
book them (`receive_stock_lines`, applied once per reference and product, all lines in one
catalog transaction, which serves waiting order lines oldest first); then purchasing records
that catalog booked them, and announces the goods received.

A catalog that does not answer leaves the booking "to book": every `BOOKING_RECONCILE_SECONDS`
the reconciliation asks again what was asked longer ago than that, on one replica at a time.
Asking twice books once. A refusal (a product or warehouse catalog does not know) is recorded
and logged, never repeated.
"""
import logging
from datetime import datetime, timedelta, timezone

from nameko.exceptions import RemoteError
from sqlalchemy import select
from sqlalchemy.orm import Session

from purchasing.models import Receipt, StockBooking, StockTransfer
from purchasing.schemas import receipt_number, stock_transfer_number
from servicekit.database import ServiceDatabase
from servicekit.repairs import count_repair
from servicekit.rpc import ServiceUnavailable
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

TO_BOOK, BOOKED, REFUSED = "to book", "booked", "refused"
UNANSWERED_PER_ROUND = 100


def new_booking(uow: UnitOfWork, customer_id: int, warehouse_id: int, reference_type: str, reference_id: int,
                lines: list[dict], user_id: int | None = None) -> StockBooking:
    """In the transaction that receives the goods: what catalog is to book for them.
    `lines`: [{idproduct, productcode, name, amount}], each product once; `user_id`: the portal
    user who received them (the ledger's `iduser`), None for the warehouse."""
    booking = StockBooking(customer_id=customer_id, warehouse_id=warehouse_id, reference_type=reference_type,
                           reference_id=reference_id, lines=lines, user_id=user_id, status=TO_BOOK,
                           asked_at=datetime.now(timezone.utc))
    uow.session.add(booking)
    uow.session.flush()
    return booking


def _request(session: Session, booking_id: int) -> dict | None:
    booking = session.get(StockBooking, booking_id)
    if booking is None or booking.status != TO_BOOK:
        return None
    return {"customer_id": booking.customer_id, "warehouse_id": booking.warehouse_id,
            "reference": {"type": booking.reference_type, "id": str(booking.reference_id)},
            "lines": [{"idproduct": line["idproduct"], "amount": line["amount"]} for line in booking.lines],
            "user_id": booking.user_id}


def book(db: ServiceDatabase, catalog, booking_id: int) -> None:
    """Ask catalog to book the goods, and record its answer; without one the booking stays to
    book, and the reconciliation asks again."""
    request = db.read(_request, booking_id)
    if request is None:
        return
    try:
        catalog.receive_stock_lines(request["customer_id"], request["warehouse_id"], request["reference"],
                                    request["lines"], request["user_id"])
    except ServiceUnavailable as error:
        log.warning("%s %s: stock not booked yet (%s); asked again later", request["reference"]["type"],
                    request["reference"]["id"], error)
        return
    except RemoteError as refusal:
        log.error("%s %s: catalog refused to book its stock: %s", request["reference"]["type"],
                  request["reference"]["id"], refusal.value)
        db.change(_record, booking_id, REFUSED, refusal.value)
        return
    db.change(_record, booking_id, BOOKED, None)


def _record(uow: UnitOfWork, booking_id: int, status: str, refusal: str | None) -> None:
    booking = uow.session.scalar(select(StockBooking).where(StockBooking.id == booking_id).with_for_update())
    if booking.status != TO_BOOK:
        return  # another answer (a reconciliation's) was recorded first
    booking.status, booking.refusal = status, refusal
    booking.answered_at = datetime.now(timezone.utc)
    if status == BOOKED:
        uow.add_event("goods_received", {
            "idfulfilment_customer": booking.customer_id, "idwarehouse": booking.warehouse_id,
            "type": booking.reference_type, "id": booking.reference_id, **_known_as(uow.session, booking),
            "products": booking.lines})


def _known_as(session: Session, booking: StockBooking) -> dict:
    """The number the client knows the goods by, and the purchase order of a receipt."""
    if booking.reference_type == "transfer":
        return {"number": stock_transfer_number(session.get(StockTransfer, booking.reference_id)),
                "idpurchaseorder": None}
    receipt = session.get(Receipt, booking.reference_id)
    return {"number": receipt_number(receipt), "idpurchaseorder": receipt.purchase_order_id}


def _unanswered(session: Session, asked_before: datetime, limit: int) -> list[int]:
    return list(session.scalars(select(StockBooking.id).where(
        StockBooking.status == TO_BOOK, StockBooking.asked_at < asked_before).order_by(StockBooking.id).limit(limit)))


def _asked_again(uow: UnitOfWork, booking_ids: list[int]) -> None:
    for booking in uow.session.scalars(select(StockBooking).where(StockBooking.id.in_(booking_ids))):
        booking.asked_at = datetime.now(timezone.utc)


def reconcile(db: ServiceDatabase, catalog, asked_seconds_ago: float) -> None:
    """One round, on one replica at a time: ask again what was asked and not answered."""
    with db.exclusive("stock bookings") as mine:
        if not mine:
            return
        asked_before = datetime.now(timezone.utc) - timedelta(seconds=asked_seconds_ago)
        unanswered = db.read(_unanswered, asked_before, UNANSWERED_PER_ROUND)
        if not unanswered:
            return
        db.change(_asked_again, unanswered)
        for booking_id in unanswered:
            log.info("reconciliation: stock booking %s not answered; asking catalog again", booking_id)
            count_repair("purchasing", "stock booking asked again")
            book(db, catalog, booking_id)
