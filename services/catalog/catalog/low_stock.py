"""Telling the client when a product's free stock changes, and when it falls below the minimum
it set.

Every change of a product's free stock summed over all warehouses is announced
(`free_stock_changed`, Picqer's webhook products.free_stock_changed), with the total after it:
one event per transaction, listing every product whose free stock it changed (a 3-line order's
reservation is one event, not three; each listener pays one worker and one read for it).
A fall below the minimum is announced once per fall (`stock_fell_below_minimum`): when one change
takes the total from at least the minimum to below it. While it stays below, nothing more is
said; once it is back at the minimum, the next fall is announced again.
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


def free_stock_by_product(session: Session, product_ids: list[int]) -> dict[int, int]:
    rows = session.execute(select(StockLevel.product_id, func.sum(StockLevel.on_hand - StockLevel.reserved))
                           .where(StockLevel.product_id.in_(product_ids)).group_by(StockLevel.product_id))
    return {product_id: 0 for product_id in product_ids} | dict(rows.all())


@contextmanager
def watching_free_stock(uow: UnitOfWork, products: list[Product]) -> Iterator[None]:
    """Around a change of the products' stock. The caller holds the products' row locks
    (`catalog.stock.locked_stock_levels` takes them), so concurrent changes in any of their
    warehouses queue and each sees the totals the previous one left."""
    watched = list({product.id: product for product in products}.values())
    before = free_stock_by_product(uow.session, [product.id for product in watched]) if watched else {}
    yield
    if not watched:
        return
    uow.session.flush()
    announce_free_stock(uow, watched, before, free_stock_by_product(uow.session, [product.id for product in watched]))


def announce_free_stock(uow: UnitOfWork, products, before: dict[int, int], after: dict[int, int]) -> None:
    """The events of one change of these products' free stock (totals over all warehouses, by
    product id, before and after it). A product is anything with Product's attributes."""
    changed = [product for product in products if before[product.id] != after[product.id]]
    if changed:
        # The transaction's one event: a product changed twice in it is listed once, with its latest total.
        listed = uow.gathered_event("free_stock_changed", {"products": []})["products"]
        place = {entry["idproduct"]: index for index, entry in enumerate(listed)}
        for product in changed:
            entry = {"idfulfilment_customer": product.customer_id, "idproduct": product.id,
                     "productcode": product.productcode, "name": product.name, "freestock": after[product.id]}
            if product.id in place:
                listed[place[product.id]] = entry
            else:
                listed.append(entry)
    for product in products:
        if fell_below_minimum(product.minimum_stock, before[product.id], after[product.id]):
            uow.add_event("stock_fell_below_minimum", {
                "idfulfilment_customer": product.customer_id, "idproduct": product.id,
                "productcode": product.productcode, "name": product.name,
                "minimum_stock": product.minimum_stock, "freestock": after[product.id],
            })
