"""The history of each product's cost price, so that stock on any past date is valued at the
cost price valid then. A row is written whenever a product gets a cost price other than the last
one recorded: on creation, update and import alike."""
from collections.abc import Iterable

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from catalog.models import CostPrice, Product


def record_cost_prices(session: Session, products: Iterable[Product]) -> None:
    """Call after the products are flushed (they have ids)."""
    products = list(products)
    if not products:
        return
    last = dict(session.execute(
        select(CostPrice.product_id, CostPrice.costprice)
        .where(CostPrice.product_id.in_([product.id for product in products]))
        .ext(distinct_on(CostPrice.product_id))
        .order_by(CostPrice.product_id, CostPrice.valid_from.desc(), CostPrice.id.desc())).all())
    changed = [{"product_id": product.id, "costprice": product.costprice} for product in products
               if last.get(product.id) != product.costprice]
    if changed:
        session.execute(insert(CostPrice), changed)
