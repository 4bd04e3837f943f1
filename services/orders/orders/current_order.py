"""The current order (cart): what a portal user is putting together, kept until placed."""
from decimal import Decimal

from sqlalchemy import insert as insert_rows
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, selectinload

from orders.exceptions import InvalidOrder, ProductNotFound, UnknownProducts
from orders.known_products import find_known_products
from orders.models import CurrentOrder, CurrentOrderLine, KnownProduct
from orders.placing import create_order, find_by_idempotency_key
from orders.schemas import MAX_AMOUNT, OrderDetailsInput, order_output
from servicekit.line_import import imported_lines, import_row_codes
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_details_input = OrderDetailsInput()
LINES_PER_PAGE = 100  # an Excel import may fill a current order with 10,000 lines


def _user_current_order(customer_id: int, user_id: int):
    return select(CurrentOrder).where(CurrentOrder.customer_id == customer_id, CurrentOrder.user_id == user_id)


def _current(session: Session, customer_id: int, user_id: int, with_lines: bool = True) -> CurrentOrder:
    """The user's current order, made on first use, locked for this transaction."""
    session.execute(insert(CurrentOrder).values(customer_id=customer_id, user_id=user_id, details={}, version=1)
                    .on_conflict_do_nothing())
    query = _user_current_order(customer_id, user_id)
    return session.scalar((query.options(selectinload(CurrentOrder.lines)) if with_lines else query).with_for_update())


def with_products(page: dict, products: list[dict]) -> dict:
    """A page of lines, each with its product as catalog has it now (name, price, free stock)."""
    by_id = {product["idproduct"]: product for product in products}
    lines = []
    for line in page["lines"]:
        product = by_id.get(line["idproduct"], {})
        lines.append({**line, "productcode": product.get("productcode"), "name": product.get("name"),
                      "price": product.get("price"), "freestock": product.get("freestock"),
                      "available": bool(product)})
    return {**page, "lines": lines}


def get_current_order_page(uow: UnitOfWork, customer_id: int, user_id: int, offset: int = 0) -> dict:
    """The details and one page of lines (in the order they were added); `line_count` says how
    many lines there are in all. The current order is made on first use."""
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidOrder("offset: must be a whole number, 0 or more")
    session = uow.session
    current = _current(session, customer_id, user_id, with_lines=False)
    of_this_order = CurrentOrderLine.current_order_id == current.id
    lines = session.scalars(select(CurrentOrderLine).where(of_this_order).order_by(CurrentOrderLine.id)
                            .offset(offset).limit(LINES_PER_PAGE)).all()
    return {"details": current.details, "version": current.version,
            "lines": [{"idproduct": line.product_id, "amount": line.amount} for line in lines],
            "line_count": session.scalar(select(func.count()).where(of_this_order)), "offset": offset,
            "totals": _totals(session, customer_id, current.id)}


def _totals(session: Session, customer_id: int, current_order_id: int) -> dict:
    """Every line's (not one page's): how many pieces, and what they cost at the prices an order
    placed now would copy (each product's as this service knows it)."""
    items, total = session.execute(
        select(func.coalesce(func.sum(CurrentOrderLine.amount), 0),
               func.coalesce(func.sum(CurrentOrderLine.amount * KnownProduct.price), 0))
        .select_from(CurrentOrderLine)
        .outerjoin(KnownProduct, (KnownProduct.id == CurrentOrderLine.product_id)
                   & (KnownProduct.customer_id == customer_id))
        .where(CurrentOrderLine.current_order_id == current_order_id)).one()
    return {"items": int(items), "total": str(Decimal(total).quantize(Decimal("0.01")))}


def count_lines(session: Session, customer_id: int, user_id: int) -> dict:
    """For the corner of every page and the marks in the product list: {idproduct: amount}."""
    current = session.scalar(_user_current_order(customer_id, user_id).options(selectinload(CurrentOrder.lines)))
    return {"amounts": {str(line.product_id): line.amount for line in current.lines} if current else {}}


def set_line(uow: UnitOfWork, customer_id: int, user_id: int, product_id, amount) -> dict:
    """Put `amount` of a product in the current order (0 takes it out)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= MAX_AMOUNT:
        raise InvalidOrder(f"amount: must be a whole number from 0 to {MAX_AMOUNT}")
    if not isinstance(product_id, int) or isinstance(product_id, bool):
        raise ProductNotFound(f"product {product_id} not found")
    if not find_known_products(uow.session, customer_id, [product_id]):
        raise UnknownProducts([product_id], [], ProductNotFound(f"product {product_id} not found"))
    current = _current(uow.session, customer_id, user_id)
    line = next((line for line in current.lines if line.product_id == product_id), None)
    if amount and line:
        line.amount = amount
    elif amount:
        current.lines.append(CurrentOrderLine(product_id=product_id, amount=amount))
    elif line:
        current.lines.remove(line)
    current.version += 1
    uow.session.flush()
    return count_lines(uow.session, customer_id, user_id)


def check_import_rows(rows) -> list[str]:
    """The product codes of an import's rows, once each, after checking it is a list of rows."""
    return import_row_codes(rows, InvalidOrder, "order lines")


def import_lines(uow: UnitOfWork, customer_id: int, user_id: int, rows, product_ids: dict[str, int]) -> dict:
    """Put imported lines in the current order, all or nothing (`servicekit.line_import`: every
    bad row is reported; if there is one, nothing changes). An imported product already in the
    order takes the imported amount."""
    check_import_rows(rows)
    imported = imported_lines(rows, product_ids, MAX_AMOUNT)
    if imported.errors:
        return {"imported": 0, "errors": imported.errors}
    lines = imported.amounts
    current = _current(uow.session, customer_id, user_id)
    existing = {line.product_id: line for line in current.lines}
    for product_id in lines.keys() & existing.keys():
        existing[product_id].amount = lines[product_id]
    new = [{"current_order_id": current.id, "product_id": product_id, "amount": amount}
           for product_id, amount in lines.items() if product_id not in existing]
    if new:  # one statement for thousands of lines, not one per line
        uow.session.execute(insert_rows(CurrentOrderLine), new)
    current.version += 1
    uow.session.flush()
    uow.session.expire(current, ["lines"])
    return {"imported": len(lines), "errors": []}


def update_details(uow: UnitOfWork, customer_id: int, user_id: int, details) -> dict:
    """Keep the address, reference and remarks typed so far (checked field by field now, and
    as a whole when the order is placed)."""
    fields = load(_details_input, details, InvalidOrder, partial=True)
    current = _current(uow.session, customer_id, user_id)
    current.details = fields
    current.version += 1
    uow.session.flush()
    return {"details": current.details, "version": current.version}


def place(uow: UnitOfWork, customer_id: int, user_id: int, version: int, created_by: str) -> dict:
    """Place the current order as the user saw it (`version`); it is then empty again.

    Placing the same version twice (a double click, a retried request) answers with the order
    the first one placed.
    """
    current = _current(uow.session, customer_id, user_id)
    key = f"current-order:{current.id}:v{version}"
    if current.version != version:
        placed = find_by_idempotency_key(uow.session, customer_id, key)
        if placed:
            return order_output.dump(placed)
        raise InvalidOrder("The current order changed meanwhile; please check it and place it again.")
    data = {**current.details, "products": [{"idproduct": line.product_id, "amount": line.amount}
                                            for line in current.lines]}
    order = create_order(uow, customer_id, data, "portal", created_by, key)["order"]
    current.lines.clear()
    current.details = {}
    current.version += 1
    uow.session.flush()
    return order

