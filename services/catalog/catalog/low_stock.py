"""Telling the client when a product's free stock falls below the minimum it set.

Announced once per fall: when one change takes the product's free stock, summed over all
warehouses, from at least the minimum to below it. While it stays below, nothing more is said;
once it is back at the minimum, the next fall is announced again.
"""
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import Product, StockLevel
from servicekit.unit_of_work import UnitOfWork


def fell_below_minimum(minimum: int, free_before: int, free_after: int) -> bool:
    """A minimum of 0 means the client does not want to hear."""
    return minimum > 0 and free_before >= minimum > free_after


def total_free_stock(session: Session, product_id: int) -> int:
    return session.scalar(select(func.coalesce(func.sum(StockLevel.on_hand - StockLevel.reserved), 0))
                          .where(StockLevel.product_id == product_id))


@contextmanager
def watching_free_stock(uow: UnitOfWork, product: Product) -> Iterator[None]:
    """Around a change that may lower the product's free stock. The caller holds the product's
    row lock (`catalog.stock.locked_stock_level` takes it), so concurrent changes in any of its
    warehouses queue and each sees the total the previous one left."""
    before = total_free_stock(uow.session, product.id)
    yield
    uow.session.flush()
    after = total_free_stock(uow.session, product.id)
    if fell_below_minimum(product.minimum_stock, before, after):
        uow.add_event("stock_fell_below_minimum", {
            "idfulfilment_customer": product.customer_id, "idproduct": product.id,
            "productcode": product.productcode, "name": product.name,
            "minimum_stock": product.minimum_stock, "freestock": after,
        })
