"""Stock transfers: goods a client sends from its own location (a shop, a depot) to the fulfilment
warehouse, its warehouse for purchase orders. A transfer starts "to ship"; the client or the
warehouse marks it received line by line, possibly short (the difference is kept per line), or it
is cancelled while not received. Who made it matters: a transfer the client made is changed and
cancelled only by the client.

Receiving commits with a booking of what arrived (`purchasing.stock_bookings`), which catalog
books after the commit, exactly as for a receipt.
"""
from datetime import datetime, timezone

from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from purchasing.customer_warehouses import purchase_order_warehouse
from purchasing.exceptions import (InvalidStockTransfer, NoPurchaseOrderWarehouse, StockTransferLocked,
                                   StockTransferMadeByClient, StockTransferNotFound)
from purchasing.models import StockTransfer, StockTransferLine
from purchasing.purchase_orders import products_of_lines
from purchasing.schemas import (ReceiveTransferInput, StockTransferFilters, StockTransferInput,
                                stock_transfer_output)
from purchasing.statuses import CANCELLED, RECEIVED, TO_SHIP
from purchasing.stock_bookings import new_booking
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE_SIZE = 100
_transfer_input = StockTransferInput()
_receive_input = ReceiveTransferInput()
_filters_input = StockTransferFilters()


def transfers_query() -> Select:
    return (select(StockTransfer).options(selectinload(StockTransfer.lines), selectinload(StockTransfer.booking))
            .order_by(StockTransfer.id.desc()))


def find_transfer(session: Session, customer_id: int | None, transfer_id, for_update: bool = False) -> StockTransfer:
    """The customer's transfer (None: any customer's, for the operator); another customer's
    answers exactly like a missing one."""
    if not isinstance(transfer_id, int) or isinstance(transfer_id, bool):
        raise StockTransferNotFound(f"stock transfer {transfer_id} not found")
    query = transfers_query().where(StockTransfer.id == transfer_id)
    if customer_id is not None:
        query = query.where(StockTransfer.customer_id == customer_id)
    found = session.scalar(query.with_for_update(of=StockTransfer) if for_update else query)
    if found is None:
        raise StockTransferNotFound(f"stock transfer {transfer_id} not found")
    return found


def refuse_unless_to_ship(transfer: StockTransfer) -> None:
    if transfer.status == RECEIVED:
        raise StockTransferLocked("The stock transfer has been received; it can no longer be changed or cancelled.")
    if transfer.status == CANCELLED:
        raise StockTransferLocked("The stock transfer has been cancelled.")


def refuse_change(transfer: StockTransfer, by_client: bool) -> None:
    """Why this caller may not change or cancel the transfer, if it may not."""
    refuse_unless_to_ship(transfer)
    if transfer.created_by_client and not by_client:
        raise StockTransferMadeByClient("The client made this stock transfer: only the client changes or cancels it.")


def _lines(fields: dict, found: list[dict]) -> list[StockTransferLine]:
    return [StockTransferLine(product_id=product["idproduct"], productcode=product["productcode"], name=product["name"],
                              amount=amount)
            for product, amount in products_of_lines(fields["products"], found, InvalidStockTransfer, "transfer")]


def create_transfer(uow: UnitOfWork, customer_id: int, data, found: list[dict], created_by: str, by_client: bool,
                    idempotency_key: str | None = None) -> dict:
    """A transfer to ship to the client's warehouse for purchase orders. Returns {"stock_transfer",
    "created"}; created is False when `idempotency_key` names one made before. `found`: the
    client's products among those the lines name (catalog's answer)."""
    fields = load(_transfer_input, data, InvalidStockTransfer)
    session, key = uow.session, (idempotency_key or "").strip()[:200] or None
    if key and (existing := _by_idempotency_key(session, customer_id, key)):
        return {"stock_transfer": stock_transfer_output.dump(existing), "created": False}
    warehouse_id = purchase_order_warehouse(session, customer_id)
    if warehouse_id is None:
        raise NoPurchaseOrderWarehouse("No warehouse for purchase orders has been set for you yet; "
                                       "please ask the warehouse to set one.")
    transfer = StockTransfer(customer_id=customer_id, warehouse_id=warehouse_id, status=TO_SHIP,
                             origin=fields["origin"], expected_date=fields.get("expected_date"),
                             remarks=fields.get("remarks"), created_by=created_by, created_by_client=by_client,
                             idempotency_key=key, lines=_lines(fields, found))
    session.add(transfer)
    try:
        session.flush()
    except IntegrityError:
        # The same create, retried at the same moment, won the race: answer with its transfer.
        session.rollback()
        return {"stock_transfer": stock_transfer_output.dump(_by_idempotency_key(session, customer_id, key)),
                "created": False}
    return {"stock_transfer": stock_transfer_output.dump(transfer), "created": True}


def _by_idempotency_key(session: Session, customer_id: int, key: str) -> StockTransfer | None:
    return session.scalar(transfers_query().where(StockTransfer.customer_id == customer_id,
                                                  StockTransfer.idempotency_key == key))


def update_transfer(uow: UnitOfWork, customer_id: int, transfer_id, data, found: list[dict], by_client: bool) -> dict:
    """Change the origin, expected date or remarks, or replace the lines (`products`), while it
    is to ship."""
    fields = load(_transfer_input, data, InvalidStockTransfer, partial=True)
    transfer = find_transfer(uow.session, customer_id, transfer_id, for_update=True)
    refuse_change(transfer, by_client)
    for name in ("origin", "expected_date", "remarks"):
        if name in fields:
            setattr(transfer, name, fields[name])
    if "products" in fields:
        transfer.lines.clear()
        uow.session.flush()  # the old lines go before new ones for the same products come
        transfer.lines.extend(_lines(fields, found))
    transfer.updated_at = datetime.now(timezone.utc)
    uow.session.flush()
    return stock_transfer_output.dump(transfer)


def cancel_transfer(uow: UnitOfWork, customer_id: int, transfer_id, by_client: bool) -> dict:
    transfer = find_transfer(uow.session, customer_id, transfer_id, for_update=True)
    refuse_change(transfer, by_client)
    transfer.status, transfer.cancelled_at = CANCELLED, datetime.now(timezone.utc)
    return stock_transfer_output.dump(transfer)


def _line_named(transfer: StockTransfer, named: dict, where: str) -> StockTransferLine:
    for key, attribute in (("idstocktransfer_product", "id"), ("idproduct", "product_id"), ("productcode", "productcode")):
        if key in named:
            found = next((line for line in transfer.lines if getattr(line, attribute) == named[key]), None)
            if found is None:
                raise InvalidStockTransfer(f"{where}: {key} {named[key]!r} is not on this stock transfer")
            return found
    raise InvalidStockTransfer(f"{where}: name the line by idstocktransfer_product, idproduct or productcode")


def received_amounts(transfer: StockTransfer, named_lines: list[dict]) -> dict[int, int]:
    """What arrived per line id: the amount named, or the whole line when it is not named. More
    than was sent is refused: extra goods come on a transfer of their own."""
    amounts = {line.id: line.amount for line in transfer.lines}
    named_ids = set()
    for number, named in enumerate(named_lines):
        where = f"products.{number}"
        line = _line_named(transfer, named, where)
        if line.id in named_ids:
            raise InvalidStockTransfer(f"{where}: {line.productcode} is named twice")
        if named["amount"] > line.amount:
            raise InvalidStockTransfer(f"{where}.amount: {named['amount']} × {line.productcode} is more than the "
                                       f"{line.amount} on the transfer")
        named_ids.add(line.id)
        amounts[line.id] = named["amount"]
    return amounts


def receive_transfer(uow: UnitOfWork, customer_id: int, transfer_id, data, received_by: str,
                     received_by_user_id: int | None = None) -> dict:
    """Mark it received with what arrived per line; returns {"stock_transfer", "booking_id"}
    (None when nothing arrived at all). `received_by_user_id`: the portal user who did it (or
    whose key did), kept on the booking for catalog's ledger; None for the warehouse."""
    if received_by_user_id is not None and (isinstance(received_by_user_id, bool)
                                            or not isinstance(received_by_user_id, int) or received_by_user_id < 1):
        raise InvalidStockTransfer("received_by_user_id: a portal user's id, or none")
    fields = load(_receive_input, data, InvalidStockTransfer)
    transfer = find_transfer(uow.session, customer_id, transfer_id, for_update=True)
    refuse_unless_to_ship(transfer)
    amounts = received_amounts(transfer, fields["products"])
    for line in transfer.lines:
        line.amount_received = amounts[line.id]
    transfer.status, transfer.received_by = RECEIVED, received_by
    transfer.received_at = datetime.now(timezone.utc)
    if fields.get("remarks"):
        transfer.remarks = "\n".join(filter(None, (transfer.remarks, fields["remarks"])))
    arrived = [{"idproduct": line.product_id, "productcode": line.productcode, "name": line.name,
                "amount": line.amount_received} for line in transfer.lines if line.amount_received]
    booking = (new_booking(uow, customer_id, transfer.warehouse_id, "transfer", transfer.id, arrived, received_by_user_id)
               if arrived else None)
    uow.session.flush()
    uow.session.expire(transfer, ["booking"])
    return {"stock_transfer": stock_transfer_output.dump(transfer), "booking_id": booking.id if booking else None}


def get_transfer(session: Session, customer_id: int, transfer_id) -> dict:
    return stock_transfer_output.dump(find_transfer(session, customer_id, transfer_id))


def get_transfer_of_any_customer(session: Session, transfer_id) -> dict:
    return stock_transfer_output.dump(find_transfer(session, None, transfer_id))


def _listed(session: Session, query: Select, offset, filters) -> list[dict]:
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidStockTransfer("offset: must be a whole number, 0 or more")
    chosen = {name: value for name, value in load(_filters_input, filters or {}, InvalidStockTransfer).items()
              if value not in (None, "")}
    if "status" in chosen:
        query = query.where(StockTransfer.status == chosen["status"])
    if "idwarehouses" in chosen:
        query = query.where(StockTransfer.warehouse_id.in_(chosen["idwarehouses"]))
    if "created_by" in chosen:
        query = query.where(StockTransfer.created_by == chosen["created_by"])
    if "search" in chosen:
        pattern = f"%{chosen['search']}%"
        query = query.where(or_(StockTransfer.origin.ilike(pattern), StockTransfer.id.in_(
            select(StockTransferLine.transfer_id).where(
                or_(StockTransferLine.productcode.ilike(pattern), StockTransferLine.name.ilike(pattern))))))
    return stock_transfer_output.dump(session.scalars(query.offset(offset).limit(PAGE_SIZE)), many=True)


def list_transfers(session: Session, customer_id: int, offset=0, filters=None) -> list[dict]:
    """Newest first, 100 a page; filters: status, created_by, search (origin, product code or
    name), idwarehouses."""
    return _listed(session, transfers_query().where(StockTransfer.customer_id == customer_id), offset, filters)


def list_transfers_of_all_customers(session: Session, offset=0, filters=None) -> list[dict]:
    return _listed(session, transfers_query(), offset, filters)


def list_transfer_creators(session: Session, customer_id: int) -> list[str]:
    """Who made the client's transfers (portal users and API keys), by name: the lists' filter."""
    return list(session.scalars(select(StockTransfer.created_by).where(StockTransfer.customer_id == customer_id)
                                .distinct().order_by(StockTransfer.created_by)))
