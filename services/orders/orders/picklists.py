"""Picklists, the orders side: made for what an order's lines hold in catalog, picked product by
product, closed. Closing commits first (`start_closing`: the picklist is closed, its stock
consumption asked); `orders.stock_reservations` then asks catalog to ship its lines and this
module records the answer (`record_consumption`), in a transaction of its own. Catalog decides
what each line holds afterwards; orders keeps its answer, the newest per line
(`orders.line_allocation`). Every function here works inside one transaction.
"""
from datetime import date, datetime, timezone

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from orders.allocation import take_catalog_answers
from orders.exceptions import InvalidOrder, InvalidPicklist, PicklistNotFound
from orders.lookup import PAGE_SIZE, find_order, warehouse_ids, whole_number_filter
from orders.models import Order, OrderChange, Picklist, PicklistLine
from orders.picking_rules import picked_after
from orders.schemas import picklist_number, picklist_output
from orders.statuses import ASKED, PICKLIST_CLOSED, PICKLIST_NEW, PICKLIST_STATUSES, RECORDED
from servicekit.unit_of_work import UnitOfWork

MAX_REASON = 500


def picklists_query() -> Select:
    return (select(Picklist)
            .options(selectinload(Picklist.lines).selectinload(PicklistLine.line), selectinload(Picklist.order))
            .order_by(Picklist.id.desc()))


def find_picklist(session: Session, customer_id: int, picklist_id: int) -> Picklist:
    """The customer's picklist; another customer's answers exactly like a missing one."""
    picklist = session.scalar(picklists_query().where(Picklist.id == picklist_id, Picklist.customer_id == customer_id))
    if picklist is None:
        raise PicklistNotFound(f"picklist {picklist_id} not found")
    return picklist


def get_picklist(session: Session, customer_id: int, picklist_id: int) -> dict:
    return picklist_output.dump(find_picklist(session, customer_id, picklist_id))


def get_picklist_of_any_customer(session: Session, picklist_id: int) -> dict:
    """The operator's view across customers (the gateway offers it to operator keys only)."""
    picklist = session.scalar(picklists_query().where(Picklist.id == picklist_id))
    if picklist is None:
        raise PicklistNotFound(f"picklist {picklist_id} not found")
    return picklist_output.dump(picklist)


def _filtered(query: Select, filters: dict | None) -> Select:
    """Picqer's filters: idorder, status, idwarehouse, sincedate; and a portal user's warehouses."""
    filters = filters or {}
    for name, column in (("idorder", Picklist.order_id), ("idwarehouse", Picklist.warehouse_id)):
        if (value := whole_number_filter(filters, name)) is not None:
            query = query.where(column == value)
    if (warehouses := warehouse_ids(filters)) is not None:
        query = query.where(Picklist.warehouse_id.in_(warehouses))
    if status := filters.get("status"):
        if status not in PICKLIST_STATUSES:
            raise InvalidOrder(f"status: must be one of {', '.join(PICKLIST_STATUSES)}")
        query = query.where(Picklist.status == status)
    if since := filters.get("sincedate"):
        try:
            query = query.where(Picklist.created_at >= date.fromisoformat(str(since)[:10]))
        except ValueError:
            raise InvalidOrder("sincedate: use a date like 2026-11-23") from None
    return query


def list_picklists(session: Session, customer_id: int, offset: int = 0, filters: dict | None = None) -> list[dict]:
    """Newest first, at most 100."""
    query = _filtered(picklists_query().where(Picklist.customer_id == customer_id), filters)
    return picklist_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)


def list_picklists_of_all_customers(session: Session, offset: int = 0, filters: dict | None = None) -> list[dict]:
    query = _filtered(picklists_query(), filters)
    return picklist_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)


def locked_picklist(session: Session, customer_id: int, picklist_id: int) -> tuple[Order, Picklist]:
    """The picklist with its order, the order row locked first, as every change to an order
    locks it (and nothing of it read before the lock, which could be stale)."""
    order_id = session.scalar(select(Picklist.order_id).where(Picklist.id == picklist_id,
                                                              Picklist.customer_id == customer_id))
    if order_id is None:
        raise PicklistNotFound(f"picklist {picklist_id} not found")
    order = find_order(session, customer_id, order_id, for_update=True)
    return order, next(picklist for picklist in order.picklists if picklist.id == picklist_id)


def _open(picklist: Picklist) -> None:
    if picklist.status != PICKLIST_NEW:
        raise InvalidPicklist(f"Picklist {picklist_number(picklist)} is {picklist.status}: nothing on it can be picked.")


def _picking_starts(order: Order, picklist: Picklist, picked_by: str) -> None:
    if order.picking_started_at is None:
        order.picking_started_at = datetime.now(timezone.utc)
        order.changes.append(OrderChange(changed_by=picked_by, change="picking started",
                                         details={"picklistid": picklist_number(picklist)}))


def _product_line(picklist: Picklist, product) -> PicklistLine:
    """The picklist's line of a product named by its idproduct or its productcode."""
    if product is None:
        raise InvalidPicklist("product: required, the idproduct or productcode of a product on the picklist")
    for line in picklist.lines if not isinstance(product, bool) else ():
        if product in (line.line.product_id, line.line.productcode):
            return line
    raise InvalidPicklist(f"product: {product} is not on picklist {picklist_number(picklist)}")


def pick(uow: UnitOfWork, customer_id: int, picklist_id: int, product, amount, picked_by: str) -> dict:
    """`amount` more of a product picked (None: all of it that is left)."""
    order, picklist = locked_picklist(uow.session, customer_id, picklist_id)
    _open(picklist)
    line = _product_line(picklist, product)
    line.amount_picked = picked_after(line.line.productcode, line.amount, line.amount_picked, amount)
    _picking_starts(order, picklist, picked_by)
    uow.session.flush()
    return picklist_output.dump(picklist)


def pick_all(uow: UnitOfWork, customer_id: int, picklist_id: int, picked_by: str) -> dict:
    order, picklist = locked_picklist(uow.session, customer_id, picklist_id)
    _open(picklist)
    for line in picklist.lines:
        line.amount_picked = line.amount
    _picking_starts(order, picklist, picked_by)
    uow.session.flush()
    return picklist_output.dump(picklist)


def start_closing(uow: UnitOfWork, customer_id: int, picklist_id: int, closed_by: str, reason=None) -> dict:
    """The warehouse closes the picklist: what was picked ships, what was not goes back to the
    order as a backorder, `reason` saying why. Committed before catalog is asked to take the
    stock off the shelf (`stock_consumption` asked). Closing it again answers it as it is."""
    if reason is not None and (not isinstance(reason, str) or len(reason.strip()) > MAX_REASON):
        raise InvalidPicklist(f"reason: text of at most {MAX_REASON} characters")
    order, picklist = locked_picklist(uow.session, customer_id, picklist_id)
    if picklist.status == PICKLIST_CLOSED:
        return picklist_output.dump(picklist)
    if picklist.status != PICKLIST_NEW:
        raise InvalidPicklist(f"Picklist {picklist_number(picklist)} is {picklist.status}: it cannot be closed.")
    if not any(line.amount_picked for line in picklist.lines):
        raise InvalidPicklist(f"Nothing is picked on picklist {picklist_number(picklist)}: pick what is there "
                              "before closing it.")
    unpicked = any(line.amount_picked < line.amount for line in picklist.lines)
    now = datetime.now(timezone.utc)
    picklist.status, picklist.closed_by, picklist.closed_at = PICKLIST_CLOSED, closed_by, now
    picklist.reason = ((reason or "").strip() or "not picked") if unpicked else None
    picklist.stock_consumption, picklist.stock_consumption_asked_at = ASKED, now
    uow.session.flush()
    closed = picklist_output.dump(picklist)
    uow.add_event("picklist_closed", {"picklist": closed})
    return closed


def consumption_request(session: Session, customer_id: int, picklist_id: int) -> dict | None:
    """What to ask catalog for a closed picklist whose consumption has no answer recorded, else None."""
    picklist = find_picklist(session, customer_id, picklist_id)
    if picklist.stock_consumption != ASKED:
        return None
    return {"warehouse_id": picklist.warehouse_id,
            "picklist": {"idpicklist": picklist.id, "picklistid": picklist_number(picklist), "reason": picklist.reason},
            "lines": [{"order_line_id": line.order_line_id, "idproduct": line.line.product_id, "amount": line.amount,
                       "picked": line.amount_picked} for line in picklist.lines]}


def record_consumption(uow: UnitOfWork, customer_id: int, picklist_id: int, answers: list[dict]) -> dict:
    """Catalog shipped the picklist's lines: record what each line shipped, holds and waits for
    now, and why what was not picked waits. Recording it again changes nothing."""
    order, picklist = locked_picklist(uow.session, customer_id, picklist_id)
    if picklist.stock_consumption != ASKED:
        return picklist_output.dump(picklist)
    picklist.stock_consumption, picklist.stock_consumption_asked_at = RECORDED, None
    number = picklist_number(picklist)
    order.changes.append(OrderChange(changed_by=picklist.closed_by or "warehouse", change="picklist closed", details={
        "picklistid": number,
        "shipped": {line.line.productcode: line.amount_picked for line in picklist.lines if line.amount_picked},
        "not picked": {line.line.productcode: line.amount - line.amount_picked for line in picklist.lines
                       if line.amount_picked < line.amount},
        **({"reason": picklist.reason} if picklist.reason else {})}))
    take_catalog_answers(uow, order, answers)
    for line in picklist.lines:
        if line.amount_picked < line.amount and line.line.backorder is not None:
            line.line.backorder.reason = f"not picked on picklist {number}: {picklist.reason}"[:MAX_REASON]
    uow.session.flush()
    return picklist_output.dump(picklist)


def unanswered_closes(session: Session, asked_before: datetime, limit: int) -> list[tuple[int, int]]:
    """(customer, picklist) of closes asked of catalog before `asked_before` and not answered,
    oldest first: the reconciliation asks again."""
    rows = session.execute(
        select(Picklist.customer_id, Picklist.id)
        .where(Picklist.stock_consumption == ASKED, Picklist.stock_consumption_asked_at < asked_before)
        .order_by(Picklist.stock_consumption_asked_at).limit(limit))
    return [tuple(row) for row in rows]
