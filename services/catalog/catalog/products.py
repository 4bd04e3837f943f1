"""Creating and reading products; every query is scoped to one fulfilment customer."""
from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from catalog.customers import require_known_customer
from catalog.exceptions import DuplicateProductCode, InvalidProduct, ProductNotFound
from catalog.models import UNIQUE_PRODUCTCODE, Product
from catalog.schemas import ProductInput, product_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE_SIZE = 100
_product_input = ProductInput()


def parse_new_product(data) -> dict:
    """Validate a Picqer-shaped product for creation; raises InvalidProduct naming the field."""
    fields = load(_product_input, data, InvalidProduct)
    fields["barcode"] = fields.get("barcode") or None
    return fields


def create_product(uow: UnitOfWork, customer_id: int, data) -> dict:
    fields = parse_new_product(data)
    session = uow.session
    require_known_customer(session, customer_id)
    product = Product(customer_id=customer_id, **fields)
    session.add(product)
    try:
        session.flush()
    except IntegrityError as error:
        # The constraint decides, not a look beforehand: two concurrent creates cannot both win.
        if error.orig.diag.constraint_name == UNIQUE_PRODUCTCODE:
            raise DuplicateProductCode(f"productcode: '{fields['productcode']}' already exists") from None
        raise
    result = product_output.dump(product)
    uow.add_event("product_created", {"product": result})
    return result


def _products() -> Select:
    return select(Product).options(selectinload(Product.stock_levels)).order_by(Product.id)


def _page(session: Session, query: Select, offset: int) -> list[dict]:
    products = session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE))
    return product_output.dump(products, many=True)


def find_product(session: Session, customer_id: int, product_id: int) -> Product:
    """The customer's product; another customer's answers exactly like a missing one."""
    product = session.scalar(
        select(Product).where(Product.id == product_id, Product.customer_id == customer_id)
    )
    if product is None:
        raise ProductNotFound(f"product {product_id} not found")
    return product


def get_product(session: Session, customer_id: int, product_id: int) -> dict:
    return product_output.dump(find_product(session, customer_id, product_id))


def get_product_of_any_customer(session: Session, product_id: int) -> dict:
    """The operator's view across customers (the gateway offers it to operator keys only)."""
    product = session.get(Product, product_id)
    if product is None:
        raise ProductNotFound(f"product {product_id} not found")
    return product_output.dump(product)


def list_products(session: Session, customer_id: int, offset: int = 0, search: str | None = None) -> list[dict]:
    query = _products().where(Product.customer_id == customer_id)
    if search:
        query = query.where(or_(*(column.icontains(search, autoescape=True)
                                  for column in (Product.productcode, Product.name, Product.barcode))))
    return _page(session, query, offset)


def list_products_of_all_customers(session: Session, offset: int = 0) -> list[dict]:
    """The operator's view across customers."""
    return _page(session, _products(), offset)


def find_products(session: Session, customer_id: int, product_ids=(), productcodes=()) -> list[dict]:
    """The customer's products among these ids and codes (for order lines); unknown ones, and
    other customers' ones, are simply absent from the answer."""
    if not product_ids and not productcodes:
        return []
    query = _products().where(Product.customer_id == customer_id,
                              or_(Product.id.in_(list(product_ids)), Product.productcode.in_(list(productcodes))))
    return product_output.dump(session.scalars(query), many=True)


def count_products(session: Session, customer_id: int) -> int:
    return session.scalar(select(func.count()).where(Product.customer_id == customer_id))
