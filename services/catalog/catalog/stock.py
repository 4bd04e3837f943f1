"""Stock levels per warehouse and the ledger that explains every change to them.

The ledger holds changes to stock on hand. Reservations move stock from free to reserved and
write no movement; shipping a reservation (consume) takes it off the shelf and does.
"""
from dataclasses import dataclass
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from catalog.exceptions import InvalidStockChange, ProductNotFound
from catalog.low_stock import watching_free_stock
from catalog.models import Product, StockLevel, StockMovement
from catalog.products import find_product
from catalog.schemas import MAX_INT, ReceiptInput, StockAmountInput, StockChangeInput, stock_level_output
from catalog.waiting_reservations import serve_waiting
from catalog.warehouses import get_warehouse, require_warehouse
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

MAX_STOCK = MAX_INT  # the column is a PostgreSQL integer
_stock_change_input = StockChangeInput()
_stock_amount_input = StockAmountInput()
_receipt_input = ReceiptInput()


@dataclass(frozen=True)
class Reference:
    """What moved the stock, in the service that owns it (an order line, a receipt line, ...)."""

    type: str
    id: str


def new_on_hand(on_hand: int, reserved: int, change: int) -> int:
    """Stock on hand after a relative change; refuses to go below zero or below what is reserved."""
    result = on_hand + change
    if result < 0:
        raise InvalidStockChange(f"change: {change} would take stock {on_hand} below zero")
    if result < reserved:
        raise InvalidStockChange(
            f"change: {change} would take stock {on_hand} below the {reserved} reserved for orders"
        )
    if result > MAX_STOCK:
        raise InvalidStockChange(f"change: {change} would take stock above {MAX_STOCK}")
    return result


def change_to_reach(on_hand: int, reserved: int, amount: int) -> int:
    """The relative change that sets stock to `amount`; not below what orders have reserved."""
    if amount < reserved:
        raise InvalidStockChange(f"amount: {amount} is below the {reserved} reserved for orders")
    return amount - on_hand


def parse_stock_change(change, reason) -> dict:
    """Validate a relative change and its reason; raises InvalidStockChange naming the field."""
    return load(_stock_change_input, {"change": change, "reason": reason or ""}, InvalidStockChange)


def parse_stock_amount(amount, reason) -> dict:
    return load(_stock_amount_input, {"amount": amount, "reason": reason or ""}, InvalidStockChange)


def parse_receipt(warehouse_id, reference, lines, user_id=None) -> tuple[Reference, list[dict], int | None]:
    fields = load(_receipt_input, {"idwarehouse": warehouse_id, "reference": reference, "lines": lines,
                                   "iduser": user_id}, InvalidStockChange)
    return Reference(**fields["reference"]), fields["lines"], fields["iduser"]


def locked_stock_levels(session: Session, customer_id: int, product_ids, warehouse_id: int) -> dict[int, StockLevel]:
    """The customer's products' levels in the warehouse, row-locked until commit; created at zero
    if new. Raises ProductNotFound for a product that is not the customer's.

    Each product's row is locked first (FOR NO KEY UPDATE: inserts of rows that refer to it
    still pass), so changes to its stock in different warehouses queue too and see one total of
    free stock (`catalog.low_stock`). Products before levels, each in id order, everywhere: no
    deadlocks. Insert-if-missing next, so that two first changes at once both find one row.
    """
    require_warehouse(session, warehouse_id)
    ids = sorted(set(product_ids))
    found = session.scalars(
        select(Product).where(Product.customer_id == customer_id, Product.id.in_(ids)).order_by(Product.id)
        .with_for_update(key_share=True)
    ).all()
    require_products(ids, [product.id for product in found])
    session.execute(
        insert(StockLevel)
        .values([{"product_id": product_id, "warehouse_id": warehouse_id, "on_hand": 0, "reserved": 0}
                 for product_id in ids])
        .on_conflict_do_nothing()
    )
    levels = session.scalars(
        select(StockLevel)
        .where(StockLevel.product_id.in_(ids), StockLevel.warehouse_id == warehouse_id)
        .order_by(StockLevel.product_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    products = {product.id: product for product in found}
    for level in levels:
        set_committed_value(level, "product", products[level.product_id])  # locked above: no query to load it
    return {level.product_id: level for level in levels}


def require_products(asked: list[int], found: list[int]) -> None:
    """ProductNotFound for the first product asked for that was not found (not the customer's)."""
    missing = sorted(set(asked) - set(found))
    if missing:
        raise ProductNotFound(f"product {missing[0]} not found")


def locked_stock_level(session: Session, product: Product, warehouse_id: int) -> StockLevel:
    """One product's level, locked as `locked_stock_levels` locks them."""
    return locked_stock_levels(session, product.customer_id, [product.id], warehouse_id)[product.id]


def move_stock(uow: UnitOfWork, level: StockLevel, change: int, reason: str,
               reference: Reference | None = None, changed_by: str | None = None) -> dict:
    """Apply a change to a locked level and write its line in the ledger, in one transaction;
    announce `stock_changed` when free stock rose."""
    output = book_movement(uow, level, change, reason, reference, changed_by)
    if change > 0:
        free_stock_rose(uow, [level])
        output = stock_level_output.dump(level)
    return output


def book_movement(uow: UnitOfWork, level: StockLevel, change: int, reason: str,
                  reference: Reference | None = None, changed_by: str | None = None,
                  user_id: int | None = None) -> dict:
    """The change on the locked level and its line in the ledger, and nothing else. `user_id`:
    the portal user who made it, where one did (Picqer's `iduser`)."""
    old_stock = level.on_hand
    level.on_hand = new_on_hand(old_stock, level.reserved, change)
    uow.session.add(StockMovement(
        product_id=level.product_id, warehouse_id=level.warehouse_id, customer_id=level.product.customer_id,
        change=change, old_stock=old_stock, new_stock=level.on_hand, reason=reason,
        reference_type=reference and reference.type, reference_id=reference and reference.id,
        changed_by=changed_by, user_id=user_id,
    ))
    uow.session.flush()
    return stock_level_output.dump(level)


def free_stock_rose(uow: UnitOfWork, levels: list[StockLevel], answered: frozenset[int] = frozenset()) -> None:
    """Order lines waiting for this stock get it now, oldest first; then the level as it is
    after that is announced (`stock_changed`)."""
    serve_waiting(uow, levels, answered)
    for level in levels:
        uow.add_event("stock_changed", {"stock": stock_level_output.dump(level)})


def change_stock(uow: UnitOfWork, customer_id: int, product_id: int, warehouse_id: int,
                 change: int, reason: str = "", changed_by: str | None = None) -> dict:
    fields = parse_stock_change(change, reason)
    level = locked_stock_level(uow.session, find_product(uow.session, customer_id, product_id), warehouse_id)
    with watching_free_stock(uow, [level.product]):
        return move_stock(uow, level, fields["change"], fields["reason"], changed_by=changed_by)


def set_stock(uow: UnitOfWork, customer_id: int, product_id: int, warehouse_id: int,
              amount: int, reason: str = "", changed_by: str | None = None) -> dict:
    """Set the level to a counted amount; the ledger records the difference. Counting what was
    already there writes nothing."""
    fields = parse_stock_amount(amount, reason)
    level = locked_stock_level(uow.session, find_product(uow.session, customer_id, product_id), warehouse_id)
    change = change_to_reach(level.on_hand, level.reserved, fields["amount"])
    if change == 0:
        return stock_level_output.dump(level)
    with watching_free_stock(uow, [level.product]):
        return move_stock(uow, level, change, fields["reason"], changed_by=changed_by)


def receive_stock(uow: UnitOfWork, customer_id: int, product_id: int, warehouse_id: int,
                  amount: int, reference) -> dict:
    """Goods in for one product: `receive_stock_lines` with one line."""
    if not isinstance(product_id, int) or isinstance(product_id, bool):
        raise ProductNotFound(f"product {product_id} not found")
    try:
        return receive_stock_lines(uow, customer_id, warehouse_id, reference,
                                   [{"idproduct": product_id, "amount": amount}])[0]
    except InvalidStockChange as refusal:  # its one line's fields, named as this call names them
        raise InvalidStockChange(str(refusal).replace("lines.0.", "")) from None


def receive_stock_lines(uow: UnitOfWork, customer_id: int, warehouse_id: int, reference, lines,
                        user_id=None) -> list[dict]:
    """Goods in from the lines of one receipt, return or transfer, in one transaction: one ledger
    movement per line, applied once per reference and product, so the sending service may ask
    again after a lost answer. Order lines waiting for these products get the stock in this
    same transaction, oldest first. Answers each line's level as it now stands. `user_id`: the
    portal user who received them (a client marking its transfer received), else None."""
    reference, lines, user_id = parse_receipt(warehouse_id, reference, lines, user_id)
    levels = locked_stock_levels(uow.session, customer_id, [line["idproduct"] for line in lines], warehouse_id)
    moved = _products_moved_by(uow.session, customer_id, warehouse_id, reference)
    risen = [levels[line["idproduct"]] for line in lines if line["idproduct"] not in moved]
    with watching_free_stock(uow, [level.product for level in risen]):
        for line in lines:
            if line["idproduct"] not in moved:
                book_movement(uow, levels[line["idproduct"]], line["amount"], f"{reference.type} {reference.id}",
                              reference=reference, user_id=user_id)
        if risen:
            free_stock_rose(uow, risen)
    return [stock_level_output.dump(levels[line["idproduct"]]) for line in lines]


def _products_moved_by(session: Session, customer_id: int, warehouse_id: int, reference: Reference) -> set[int]:
    return set(session.scalars(
        select(StockMovement.product_id).where(
            StockMovement.customer_id == customer_id, StockMovement.warehouse_id == warehouse_id,
            StockMovement.reference_type == reference.type, StockMovement.reference_id == reference.id)))


def get_stock_level(session: Session, customer_id: int, product_id: int, warehouse_id: int) -> dict:
    """The product's stock in one warehouse; zeros where it has never had any."""
    product = find_product(session, customer_id, product_id)
    get_warehouse(session, warehouse_id)
    level = session.get(StockLevel, (product.id, warehouse_id))
    if level is None:
        level = SimpleNamespace(product_id=product.id, warehouse_id=warehouse_id, on_hand=0, reserved=0,
                                free=0, product=product)
    return stock_level_output.dump(level)

