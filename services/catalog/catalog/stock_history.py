"""The stock history: the ledger read newest first, a page at a time.

Pages follow the movement id (keyset: `before` = the last id of the previous page), which costs
the same on the first page and the ten-thousandth. `offset` is there for Picqer's API, whose
clients page that way; it is fine for the first pages and slows down deep into a long history.
"""
from sqlalchemy import func, select, true
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session, selectinload

from catalog.exceptions import InvalidQuery
from catalog.models import CostPrice, Product, StockMovement
from catalog.schemas import StockAsOfInput, StockHistoryFilters, stock_as_of_row, stock_movement_output
from servicekit.validation import load

PAGE_SIZE = 100
_filters = StockHistoryFilters()
_stock_as_of_input = StockAsOfInput()


def parse_history_paging(offset, before) -> tuple[int, int | None]:
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidQuery("offset: must be a whole number, 0 or more")
    if before is not None and (not isinstance(before, int) or isinstance(before, bool) or before < 1):
        raise InvalidQuery("before: must be a stock history id")
    return offset, before


def list_stock_history(session: Session, customer_id: int, filters: dict | None = None,
                       offset: int = 0, before: int | None = None) -> list[dict]:
    return _history(session, customer_id, filters, offset, before)


def list_stock_history_of_all_customers(session: Session, filters: dict | None = None, offset: int = 0,
                                        before: int | None = None) -> list[dict]:
    """The operator's view across customers (the gateway offers it to operator keys only)."""
    return _history(session, None, filters, offset, before)


def _history(session: Session, customer_id: int | None, filters: dict | None, offset: int,
             before: int | None) -> list[dict]:
    found = load(_filters, filters or {}, InvalidQuery)
    offset, before = parse_history_paging(offset, before)
    movement = StockMovement
    query = select(movement)
    if customer_id is not None:
        query = query.where(movement.customer_id == customer_id)
    if found.get("idproduct_stock_history") is not None:
        query = query.where(movement.id == found["idproduct_stock_history"])
    if found.get("idproduct") is not None:
        query = query.where(movement.product_id == found["idproduct"])
    if found.get("idwarehouse") is not None:
        query = query.where(movement.warehouse_id == found["idwarehouse"])
    if found.get("idwarehouses") is not None:
        query = query.where(movement.warehouse_id.in_(found["idwarehouses"]))
    if found.get("iduser") is not None:
        query = query.where(movement.user_id == found["iduser"])
    if found.get("sincedate"):
        query = query.where(movement.created_at >= found["sincedate"])
    if found.get("untildate"):
        query = query.where(movement.created_at <= found["untildate"])
    if before is not None:
        query = query.where(movement.id < before)
    rows = session.scalars(query.options(selectinload(movement.product))
                           .order_by(movement.id.desc()).offset(offset).limit(PAGE_SIZE))
    return stock_movement_output.dump(rows, many=True)


def stock_as_of(session: Session, customer_id: int, at) -> list[dict]:
    """Every product's stock per warehouse at a moment (a bare date: the end of that day), read
    from the ledger: the level after the last movement up to then, valued at the cost price valid
    at that moment (with the moment it took effect). Rows at zero are left out."""
    moment = load(_stock_as_of_input, {"at": at}, InvalidQuery)["at"]
    movement = StockMovement
    last_movements = (
        select(movement.product_id, movement.warehouse_id, movement.new_stock)
        .where(movement.customer_id == customer_id, movement.created_at <= moment)
        .ext(distinct_on(movement.product_id, movement.warehouse_id))
        .order_by(movement.product_id, movement.warehouse_id, movement.id.desc())
        .subquery()
    )
    cost_then = (
        select(CostPrice.costprice, CostPrice.valid_from)
        .where(CostPrice.product_id == last_movements.c.product_id, CostPrice.valid_from <= moment)
        .order_by(CostPrice.valid_from.desc(), CostPrice.id.desc()).limit(1)
        .lateral("cost_then")
    )
    rows = session.execute(
        select(last_movements.c.product_id, last_movements.c.warehouse_id, last_movements.c.new_stock,
               Product.productcode, Product.name,
               # A product older than its recorded costs: the first cost known.
               func.coalesce(cost_then.c.costprice, Product.costprice).label("costprice"),
               cost_then.c.valid_from.label("costprice_since"))
        .join(Product, Product.id == last_movements.c.product_id)
        .outerjoin(cost_then, true())
        .where(Product.customer_id == customer_id, last_movements.c.new_stock != 0)
        .order_by(Product.productcode, last_movements.c.warehouse_id)
    )
    return stock_as_of_row.dump(rows, many=True)
