"""Reading orders; every query is scoped to one fulfilment customer (or, for the operator, none)."""
from datetime import date, datetime, time, timezone

from sqlalchemy import ColumnElement, ScalarSelect, Select, exists, func, or_, select, tuple_
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from orders.exceptions import InvalidOrder, OrderNotFound
from orders.models import Backorder, Order, OrderLine, Picklist, Tag
from orders.schemas import SOURCES, backorder_output, order_output
from orders.statuses import STATUSES

PAGE_SIZE = 100
# Picqer's order statuses we never give an order (nothing arrives expected or is paused here):
# a filter on one is valid and finds nothing.
PICQER_ONLY_STATUSES = ("expected", "paused")


def orders_query() -> Select:
    """Orders with their lines, backorders and history, newest first."""
    return (select(Order)
            .options(selectinload(Order.lines).selectinload(OrderLine.backorder), selectinload(Order.changes),
                     selectinload(Order.comments), selectinload(Order.picklists).selectinload(Picklist.lines))
            .order_by(Order.id.desc()))


def find_order(session: Session, customer_id: int, order_id: int, for_update: bool = False) -> Order:
    """The customer's order; another customer's answers exactly like a missing one. Its lines,
    their backorders and its rules come in the same statement (one order: no rows repeated).

    `for_update` locks the order's row first and reads it after: a statement that waits for the
    lock re-reads only the locked table's rows once it has it, so lines joined into it would be
    as they were before the wait, and a change the holder made to them would be written over."""
    where = (Order.id == order_id, Order.customer_id == customer_id)
    if for_update and session.scalar(select(Order.id).where(*where).with_for_update()) is None:
        raise OrderNotFound(f"order {order_id} not found")
    query = (select(Order)
             .options(joinedload(Order.lines).joinedload(OrderLine.backorder), joinedload(Order.rules),
                      selectinload(Order.changes), selectinload(Order.comments),
                      selectinload(Order.picklists).selectinload(Picklist.lines))
             .where(*where).execution_options(populate_existing=for_update))
    order = session.execute(query).unique().scalar_one_or_none()
    if order is None:
        raise OrderNotFound(f"order {order_id} not found")
    return order


def get_order(session: Session, customer_id: int, order_id: int) -> dict:
    return order_output.dump(find_order(session, customer_id, order_id))


def get_order_of_any_customer(session: Session, order_id: int) -> dict:
    """The operator's view across customers (the gateway offers it to operator keys only)."""
    order = session.scalar(orders_query().where(Order.id == order_id))
    if order is None:
        raise OrderNotFound(f"order {order_id} not found")
    return order_output.dump(order)


def moment_filter(filters: dict, name: str, end_of_day: bool = False) -> datetime | None:
    """A date (its first moment, or with `end_of_day` its last) or a date and time, ISO 8601 or
    as Picqer writes it ("2019-04-03 21:14:18"); without a zone, UTC."""
    value = filters.get(name)
    if not value:
        return None
    text = str(value).strip()
    try:
        if len(text) == len("2019-04-03"):
            moment = datetime.combine(date.fromisoformat(text), time.max if end_of_day else time.min)
        else:
            moment = datetime.fromisoformat(text)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        moment.astimezone(timezone.utc)  # 9999-12-31 23:00-05:00 is past what UTC can hold
    except (ValueError, OverflowError):
        raise InvalidOrder(f"{name}: use a date like 2026-11-23 or a time like 2026-11-23 21:14:18") from None
    return moment


def _order_number(filters: dict) -> tuple[int, int] | None:
    """`orderid` as clients quote it (2026000031): the year, then the id."""
    value = str(filters.get("orderid") or "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) > 4):
        raise InvalidOrder("orderid: an order number like 2026000031")
    return int(value[:4]), int(value[4:])


def whole_number_filter(filters: dict, name: str) -> int | None:
    value = filters.get(name)
    if value in (None, ""):
        return None
    if not (str(value).isascii() and str(value).isdigit()):
        raise InvalidOrder(f"{name}: must be a whole number")
    return int(value)


def id_list_filter(filters: dict, name: str) -> list[int] | None:
    """`idwarehouses` or `idwebshops`: a portal user limited to some (None: all)."""
    ids = filters.get(name)
    if ids is None:
        return None
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise InvalidOrder(f"{name}: must be a list of ids")
    return ids


def warehouse_ids(filters: dict) -> list[int] | None:
    return id_list_filter(filters, "idwarehouses")


def from_users_webshops(filters: dict) -> ColumnElement | None:
    """For a user limited to some webshops (`idwebshops`), orders from those shops or from none:
    orders placed in the portal or through the API are the whole client's."""
    if (webshops := id_list_filter(filters, "idwebshops")) is None:
        return None
    return or_(Order.webshop_id.is_(None), Order.webshop_id.in_(webshops))


def _filtered(query: Select, filters: dict | None) -> Select:
    filters = filters or {}
    if (warehouses := warehouse_ids(filters)) is not None:
        # Orders not yet processed have no warehouse: every user of the client sees those.
        query = query.where(or_(Order.warehouse_id.is_(None), Order.warehouse_id.in_(warehouses)))
    if (from_webshops := from_users_webshops(filters)) is not None:
        query = query.where(from_webshops)
    if filters.get("tag"):
        query = query.where(Order.tags.any(func.lower(Tag.title) == str(filters["tag"]).strip().lower()))
    if created_from := moment_filter(filters, "created_from"):
        query = query.where(Order.created_at >= created_from)
    if created_until := moment_filter(filters, "created_until", end_of_day=True):  # a bare date: the whole day
        query = query.where(Order.created_at <= created_until)
    if updated_since := moment_filter(filters, "updated_since"):
        query = query.where(Order.updated_at >= updated_since)
    if (since_id := whole_number_filter(filters, "sinceid")) is not None:
        query = query.where(Order.id > since_id)
    if (end_customer := whole_number_filter(filters, "idcustomer")) is not None:
        query = query.where(Order.end_customer_id == end_customer)
    if number := _order_number(filters):
        year, order_id = number
        query = query.where(Order.id == order_id, func.extract("year", Order.created_at) == year)
    if filters.get("reference"):
        query = query.where(Order.reference == str(filters["reference"]).strip())
    status, source, search = filters.get("status"), filters.get("source"), (filters.get("search") or "").strip()
    if status:
        if status not in STATUSES + PICQER_ONLY_STATUSES:
            raise InvalidOrder(f"status: must be one of {', '.join(STATUSES + PICQER_ONLY_STATUSES)}")
        query = query.where(Order.status == status)  # none is expected or paused here
    if source:
        if source not in SOURCES:
            raise InvalidOrder(f"source: must be one of {', '.join(SOURCES)}")
        query = query.where(Order.source == source)
    if search:
        query = query.where(or_(
            Order.reference.icontains(search, autoescape=True),
            Order.deliveryname.icontains(search, autoescape=True),
            exists().where(OrderLine.order_id == Order.id,
                           or_(OrderLine.productcode.icontains(search, autoescape=True),
                               OrderLine.name.icontains(search, autoescape=True))),
        ))
    return query


def list_orders(session: Session, customer_id: int, offset: int = 0, filters: dict | None = None) -> list[dict]:
    """Newest first, at most 100; filters: status, source, search (reference, name, product),
    tag, created_from and created_until (dates or times, in UTC), updated_since, sinceid (ids
    above it), orderid (the order number), reference (exactly) and idcustomer (the client's own
    customer)."""
    query = _filtered(orders_query().where(Order.customer_id == customer_id), filters)
    return order_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)


def list_orders_of_all_customers(session: Session, offset: int = 0, filters: dict | None = None) -> list[dict]:
    query = _filtered(orders_query(), filters)
    return order_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)


def _backorders(filters: dict | None) -> Select:
    query = (select(Backorder).options(selectinload(Backorder.line).selectinload(OrderLine.order))
             .order_by(Backorder.created_at, Backorder.id))
    if (warehouses := warehouse_ids(filters or {})) is not None:
        query = query.where(Backorder.warehouse_id.in_(warehouses))
    if (from_webshops := from_users_webshops(filters or {})) is not None:
        query = query.where(Backorder.order_id.in_(select(Order.id).where(from_webshops)))
    for name, column in (("idbackorder", Backorder.id), ("idproduct", Backorder.product_id),
                         ("idorder", Backorder.order_id)):
        if (value := whole_number_filter(filters or {}, name)) is not None:
            query = query.where(column == value)
    return query


def _in_turn() -> ScalarSelect:
    """A backorder's turn (Picqer's `priority`): 1 for the next to get its product in its warehouse,
    counting every backorder waiting there before it, whatever the page shows."""
    before = aliased(Backorder)
    return (select(func.count(before.id))
            .where(before.product_id == Backorder.product_id, before.warehouse_id == Backorder.warehouse_id,
                   tuple_(before.created_at, before.id) <= tuple_(Backorder.created_at, Backorder.id))
            .correlate(Backorder).scalar_subquery())


def _page_of_backorders(session: Session, query: Select, offset: int) -> list[dict]:
    rows = session.execute(query.add_columns(_in_turn()).offset(max(offset, 0)).limit(PAGE_SIZE)).all()
    for backorder, turn in rows:
        backorder.priority = turn
    return backorder_output.dump([backorder for backorder, _ in rows], many=True)


def list_backorders(session: Session, customer_id: int, offset: int = 0, filters: dict | None = None) -> list[dict]:
    """Oldest first (the order they are filled in), at most 100; filters: idbackorder, idproduct, idorder."""
    return _page_of_backorders(session, _backorders(filters).where(Backorder.customer_id == customer_id), offset)


def count_backordered_orders(session: Session, customer_id: int, idwarehouses: list[int] | None = None) -> int:
    """How many of the customer's orders (in these warehouses; None: all) wait for stock (the
    portal's dashboard)."""
    query = select(func.count(func.distinct(Backorder.order_id))).where(Backorder.customer_id == customer_id)
    if (warehouses := warehouse_ids({"idwarehouses": idwarehouses})) is not None:
        query = query.where(Backorder.warehouse_id.in_(warehouses))
    return session.scalar(query)


def list_backorders_of_all_customers(session: Session, offset: int = 0, filters: dict | None = None) -> list[dict]:
    return _page_of_backorders(session, _backorders(filters), offset)
