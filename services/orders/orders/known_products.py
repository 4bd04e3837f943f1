"""The clients' products as catalog announced them (products_created, products_updated): the code,
name and price an order line copies. Placing an order reads them here, in its own transaction,
instead of asking the catalog; a product not heard of yet (announced a moment ago, or before
orders kept this copy) is asked of the catalog once and remembered."""
from sqlalchemy import Integer, String, any_, bindparam, or_, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from orders.exceptions import UnknownProducts
from orders.models import KnownProduct
from orders.schemas import AnnouncedProduct, KnownProductOutput, ProductsAnnouncedInput
from servicekit.database import ServiceDatabase
from servicekit.unit_of_work import UnitOfWork

_announced = ProductsAnnouncedInput()
_product_input = AnnouncedProduct()
_known_output = KnownProductOutput()
_known = KnownProduct.__table__.c
# The products an order's lines name, by id or by code (parameters `ids` and `codes`).
NAMED_IN_LINES = or_(_known.id == any_(bindparam("ids", type_=ARRAY(Integer))),
                     _known.productcode == any_(bindparam("codes", type_=ARRAY(String))))
_FIND = (select(_known.id, _known.customer_id, _known.productcode, _known.name, _known.price)
         .where(_known.customer_id == bindparam("customer_id"), NAMED_IN_LINES))


def find_known_products(session: Session, customer_id: int, product_ids=(), productcodes=()) -> list[dict]:
    """The customer's products among these ids and codes, as `catalog.find_products` gives them
    (the fields an order line copies)."""
    if not product_ids and not productcodes:
        return []
    found = session.connection().execute(_FIND, {"customer_id": customer_id, "ids": list(product_ids),
                                                 "codes": list(productcodes)})
    return _known_output.dump(found, many=True)


def remember_products(uow: UnitOfWork, products: list[dict]) -> None:
    """Keep these products (as catalog gives them); an older copy than the one kept changes nothing."""
    _remember(uow, _product_input.load(products, many=True))


def _remember(uow: UnitOfWork, rows: list[dict]) -> None:
    # One row per product, its newest: PostgreSQL refuses to change a row twice in one statement.
    rows = list({row["idproduct"]: row for row in sorted(rows, key=lambda row: row["updated_at"])}.values())
    if not rows:
        return
    statement = insert(KnownProduct).values([
        {"id": row["idproduct"], "customer_id": row["idfulfilment_customer"], "productcode": row["productcode"],
         "name": row["name"], "price": row["price"], "catalog_updated_at": row["updated_at"]} for row in rows])
    uow.session.execute(statement.on_conflict_do_update(
        index_elements=[KnownProduct.id],
        set_={name: statement.excluded[name] for name in ("productcode", "name", "price", "catalog_updated_at")},
        where=KnownProduct.catalog_updated_at <= statement.excluded.catalog_updated_at,
    ))


def apply_products_announced(uow: UnitOfWork, payload: dict) -> None:
    """Handle catalog's products_created and products_updated (one statement for an import's
    5,000 products); a repeat changes nothing."""
    _remember(uow, _announced.load(payload)["products"])


def with_products_known(db: ServiceDatabase, catalog, change, customer_id: int, *args):
    """`db.change(change, customer_id, *args)`. If it names products orders has not heard of,
    they are asked of the catalog (no transaction open), remembered, and the change is tried once
    more; products the catalog does not know either get the change's refusal."""
    try:
        return db.change(change, customer_id, *args)
    except UnknownProducts as unknown:
        found = catalog.find_products(customer_id, unknown.product_ids, unknown.productcodes)
        if not found:
            raise unknown.refusal from None
    db.change(remember_products, found)
    try:
        return db.change(change, customer_id, *args)
    except UnknownProducts as unknown:
        raise unknown.refusal from None
