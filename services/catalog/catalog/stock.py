"""Stock levels per warehouse and the ledger that explains every change to them."""
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from catalog.exceptions import InvalidStockChange
from catalog.models import Product, StockLevel, StockMovement
from catalog.products import find_product
from catalog.schemas import StockChangeInput, stock_level_output
from catalog.warehouses import get_warehouse
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

MAX_STOCK = 2**31 - 1  # the column is a PostgreSQL integer
_stock_change_input = StockChangeInput()


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


def parse_stock_change(change, reason) -> dict:
    """Validate a relative change and its reason; raises InvalidStockChange naming the field."""
    return load(_stock_change_input, {"change": change, "reason": reason or ""}, InvalidStockChange)


def _locked_stock_level(session: Session, product: Product, warehouse_id: int) -> StockLevel:
    """The product's level in the warehouse, row-locked until commit; created at zero if new.

    Insert-if-missing first, so that two first changes at once both find one row to lock.
    """
    session.execute(
        insert(StockLevel)
        .values(product_id=product.id, warehouse_id=warehouse_id, on_hand=0, reserved=0)
        .on_conflict_do_nothing()
    )
    return session.scalar(
        select(StockLevel)
        .where(StockLevel.product_id == product.id, StockLevel.warehouse_id == warehouse_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def change_stock(uow: UnitOfWork, customer_id: int, product_id: int, warehouse_id: int,
                 change: int, reason: str = "") -> dict:
    fields = parse_stock_change(change, reason)
    product = find_product(uow.session, customer_id, product_id)
    get_warehouse(uow.session, warehouse_id)
    level = _locked_stock_level(uow.session, product, warehouse_id)
    old_stock = level.on_hand
    level.on_hand = new_on_hand(old_stock, level.reserved, fields["change"])
    uow.session.add(StockMovement(
        product_id=product.id, warehouse_id=warehouse_id, customer_id=customer_id,
        change=fields["change"], old_stock=old_stock, new_stock=level.on_hand, reason=fields["reason"],
    ))
    uow.session.flush()
    result = stock_level_output.dump(level)
    if fields["change"] > 0:  # free stock rose: orders waiting for it may now be filled
        uow.add_event("stock_changed", {"stock": result})
    return result
