"""Creating, changing and reading products; every query is scoped to one fulfilment customer."""
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import Select, String, any_, bindparam, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from catalog.cost_prices import record_cost_prices
from catalog.customers import require_known_customer
from catalog.exceptions import DuplicateProductCode, InvalidProduct, InvalidQuery, ProductNotFound
from catalog.models import UNIQUE_PRODUCTCODE, Product, StockLevel
from catalog.schemas import ProductFilters, ProductInput, product_output
from catalog.vat_groups import require_vat_group
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE_SIZE = 100
_product_input = ProductInput()
_product_filters = ProductFilters()


def parse_new_product(data) -> dict:
    """Validate a Picqer-shaped product for creation; raises InvalidProduct naming the field."""
    return without_blank_barcode(load(_product_input, data, InvalidProduct))


def without_blank_barcode(fields: dict) -> dict:
    if "barcode" in fields:
        fields["barcode"] = fields["barcode"] or None
    return fields


def parse_product_changes(current_code: str, data) -> dict:
    """The fields an update changes. The product code is the client's key in its own systems
    and in every order line that names it, so it never changes; sending it unchanged is fine
    (clients often send back the whole product)."""
    fields = load(_product_input, data, InvalidProduct, partial=True)
    if fields.pop("productcode", current_code) != current_code:
        raise InvalidProduct("productcode: cannot be changed")
    return without_blank_barcode(fields)


def create_product(uow: UnitOfWork, customer_id: int, data) -> dict:
    session = uow.session
    fields = require_vat_group(parse_new_product(data))
    require_known_customer(session, customer_id)
    product = Product(customer_id=customer_id, **fields)
    session.add(product)
    flush_new_products(session, f"productcode: '{fields['productcode']}' already exists")
    record_cost_prices(session, [product])
    result = product_output.dump(product)
    announce(uow, "products_created", result)
    return result


def announce(uow: UnitOfWork, event_type: str, product: dict) -> None:
    """Add the product to this transaction's `products_created` or `products_updated` event."""
    uow.gathered_event(event_type, {"products": []})["products"].append(product)


def flush_new_products(session: Session, conflict_message: str) -> None:
    """Write new products; the unique constraint decides, not a look beforehand, so that two
    concurrent creates of one code cannot both win."""
    try:
        session.flush()
    except IntegrityError as error:
        if error.orig.diag.constraint_name == UNIQUE_PRODUCTCODE:
            raise DuplicateProductCode(conflict_message) from None
        raise


def update_product(uow: UnitOfWork, customer_id: int, product_id: int, data) -> dict:
    product = find_product(uow.session, customer_id, product_id, for_update=True)
    for name, value in require_vat_group(parse_product_changes(product.productcode, data)).items():
        setattr(product, name, value)
    uow.session.flush()
    record_cost_prices(uow.session, [product])
    uow.session.refresh(product)  # updated_at as the database set it
    result = product_output.dump(product)
    announce(uow, "products_updated", result)
    return result


def parse_filters(filters) -> dict:
    return load(_product_filters, filters or {}, InvalidQuery)


def _free_stock(warehouse_ids: list[int] | None = None):
    query = select(StockLevel.product_id, func.sum(StockLevel.on_hand - StockLevel.reserved).label("free"))
    if warehouse_ids is not None:
        query = query.where(StockLevel.warehouse_id.in_(warehouse_ids))
    return query.group_by(StockLevel.product_id).subquery()


def below_minimum(free):
    return (Product.minimum_stock > 0) & (free < Product.minimum_stock)


def _products(search: str | None, filters) -> Select:
    """Products matching the search and filters, in the order asked for (oldest first by default)."""
    filters = parse_filters(filters)
    free_stock = _free_stock(filters.get("idwarehouses"))
    free = func.coalesce(free_stock.c.free, 0)
    query = (select(Product).outerjoin(free_stock, free_stock.c.product_id == Product.id)
             .options(selectinload(Product.stock_levels)))
    if search:
        query = query.where(or_(*(column.icontains(search, autoescape=True)
                                  for column in (Product.productcode, Product.name, Product.barcode))))
    if filters.get("active") is not None:
        query = query.where(Product.active.is_(filters["active"]))
    if filters.get("productcode") is not None:
        query = query.where(Product.productcode == filters["productcode"].strip())
    if filters.get("updated_since") is not None:
        query = query.where(Product.updated_at >= filters["updated_since"])
    if filters.get("stock") == "in_stock":
        query = query.where(free > 0)
    elif filters.get("stock") == "out_of_stock":
        query = query.where(free <= 0)
    elif filters.get("stock") == "below_minimum":
        query = query.where(below_minimum(free))
    sort = filters.get("sort") or "created_at"
    descending = sort.startswith("-")
    key = {"productcode": Product.productcode, "name": Product.name, "price": Product.price,
           "freestock": free, "created_at": Product.id}[sort.lstrip("-")]
    return query.order_by(key.desc() if descending else key.asc(),
                          Product.id.desc() if descending else Product.id.asc())


def _page(session: Session, query: Select, offset: int) -> list[dict]:
    products = session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE))
    return product_output.dump(products, many=True)


def _one_product(session: Session, query: Select, product_id: int) -> Product:
    product = session.scalars(query).unique().one_or_none()
    if product is None:
        raise ProductNotFound(f"product {product_id} not found")
    return product


def _customer_product(customer_id: int, product_id: int) -> Select:
    return select(Product).where(Product.id == product_id, Product.customer_id == customer_id)


def find_product(session: Session, customer_id: int, product_id: int, for_update: bool = False) -> Product:
    """The customer's product; another customer's answers exactly like a missing one."""
    query = _customer_product(customer_id, product_id)
    return _one_product(session, query.with_for_update() if for_update else query, product_id)


# The API's most asked read in one statement straight through the driver (ServiceDatabase.
# read_driver), its rows put into product_output's shape by hand: SQLAlchemy's session, result and
# object handling cost several times the query itself. A test holds the two shapes equal.
_PRODUCT_WITH_STOCK = """
    SELECT p.id, p.customer_id, p.productcode, p.name, p.barcode, p.price, p.costprice, p.weight, p.active,
           p.minimum_stock, p.description, p.vatgroup_id, p.created_at, p.updated_at,
           s.warehouse_id, s.on_hand, s.reserved
    FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id
    WHERE p.id = %s::integer {customer}
    ORDER BY s.warehouse_id"""
_ANY_CUSTOMERS_PRODUCT = _PRODUCT_WITH_STOCK.format(customer="")
_CUSTOMERS_PRODUCT = _PRODUCT_WITH_STOCK.format(customer="AND p.customer_id = %s::integer")
_CENTS = Decimal("0.01")


def read_product(cursor, customer_id: int, product_id: int) -> dict:
    """The customer's product with its stock; another customer's answers like a missing one."""
    cursor.execute(_CUSTOMERS_PRODUCT, (product_id, customer_id))
    return _product_from_rows(cursor.fetchall(), product_id)


def read_product_of_any_customer(cursor, product_id: int) -> dict:
    """The operator's view across customers (the gateway offers it to operator keys only)."""
    cursor.execute(_ANY_CUSTOMERS_PRODUCT, (product_id,))
    return _product_from_rows(cursor.fetchall(), product_id)


def _product_from_rows(rows: list[tuple], product_id: int) -> dict:
    if not rows:
        raise ProductNotFound(f"product {product_id} not found")
    (id_, customer_id, productcode, name, barcode, price, costprice, weight, active, minimum_stock, description,
     vatgroup_id, created_at, updated_at, *_) = rows[0]
    stock = [{"idwarehouse": warehouse_id, "stock": on_hand, "reserved": reserved, "freestock": on_hand - reserved}
             for *_, warehouse_id, on_hand, reserved in rows if warehouse_id is not None]
    return {"idproduct": id_, "idfulfilment_customer": customer_id, "productcode": productcode, "name": name,
            "barcode": barcode, "price": _money(price), "costprice": _money(costprice), "weight": weight,
            "active": active, "minimum_stock": minimum_stock, "description": description, "idvatgroup": vatgroup_id,
            "created_at": _utc(created_at), "updated_at": _utc(updated_at), "stock": stock,
            "freestock": sum(level["freestock"] for level in stock)}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else format(value.quantize(_CENTS), "f")


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(timezone.utc).isoformat()


def list_products(session: Session, customer_id: int, offset: int = 0, search: str | None = None,
                  filters: dict | None = None) -> list[dict]:
    return _page(session, _products(search, filters).where(Product.customer_id == customer_id), offset)


def list_products_of_all_customers(session: Session, offset: int = 0, search: str | None = None,
                                   filters: dict | None = None) -> list[dict]:
    """The operator's view across customers."""
    return _page(session, _products(search, filters), offset)


def find_products(session: Session, customer_id: int, product_ids=(), productcodes=()) -> list[dict]:
    """The customer's products among these ids and codes (for order lines); unknown ones, and
    other customers' ones, are simply absent from the answer."""
    if not product_ids and not productcodes:
        return []
    query = _products(None, None).where(Product.customer_id == customer_id,
                              or_(Product.id.in_(list(product_ids)), Product.productcode.in_(list(productcodes))))
    return product_output.dump(session.scalars(query), many=True)


def find_product_ids(session: Session, customer_id: int, productcodes) -> dict[str, int]:
    """{productcode: idproduct} of the customer's products among these codes: the one question a
    10,000-line order import asks, without loading whole products."""
    codes = [code for code in productcodes or () if isinstance(code, str)]
    if not codes:
        return {}
    # One array parameter, not 10,000 (`IN` renders a parameter per code).
    rows = session.execute(select(Product.productcode, Product.id).where(
        Product.customer_id == customer_id, Product.productcode == any_(bindparam("codes", codes, type_=ARRAY(String)))))
    return {code: product_id for code, product_id in rows}


def count_products(session: Session, customer_id: int) -> int:
    return session.scalar(select(func.count()).where(Product.customer_id == customer_id))


def count_low_stock_products(session: Session, customer_id: int, warehouse_ids: list[int] | None = None) -> int:
    """Active products whose free stock (in these warehouses; None: all) is below the minimum the client set."""
    free_stock = _free_stock(warehouse_ids)
    return session.scalar(
        select(func.count()).select_from(Product).outerjoin(free_stock, free_stock.c.product_id == Product.id)
        .where(Product.customer_id == customer_id, Product.active, below_minimum(func.coalesce(free_stock.c.free, 0))))
