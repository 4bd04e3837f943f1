"""Importing many products at once: all or nothing. Rows whose code the client already has
update that product; the others are new. Every bad row is reported (row number and field),
and then nothing is written."""
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from catalog.cost_prices import record_cost_prices
from catalog.customers import require_known_customer
from catalog.exceptions import InvalidProduct
from catalog.models import Product
from catalog.vat_groups import unknown_vat_group
from catalog.products import announce, flush_new_products, without_blank_barcode
from catalog.schemas import ProductInput, product_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import describe

MAX_IMPORT_ROWS = 5000
_product_input = ProductInput()


def row_errors(row: int, messages: dict) -> list[dict]:
    return [{"row": row, "field": field, "message": describe(message)}
            for field, message in sorted(messages.items())]


def validated_row(entry, existing_codes: set[str]) -> tuple[int, dict | None, list[dict]]:
    """One import row: (row number, its fields, its errors). A row for a code the client
    already has may leave out what it does not change."""
    if not isinstance(entry, dict) or not isinstance(entry.get("row"), int) or not isinstance(entry.get("product"), dict):
        raise InvalidProduct("rows: each row is {row: number, product: {...}}")
    row, data = entry["row"], entry["product"]
    code = data.get("productcode").strip() if isinstance(data.get("productcode"), str) else None
    try:
        fields = _product_input.load(data, partial=code in existing_codes)
    except ValidationError as error:
        return row, None, row_errors(row, error.messages)
    return row, without_blank_barcode(fields), []


def import_products(uow: UnitOfWork, customer_id: int, rows) -> dict:
    if not isinstance(rows, list) or not rows:
        raise InvalidProduct("rows: expected a list of at least one product")
    if len(rows) > MAX_IMPORT_ROWS:
        raise InvalidProduct(f"rows: at most {MAX_IMPORT_ROWS} products per import, not {len(rows)}")
    session = uow.session
    require_known_customer(session, customer_id)
    codes = {entry["product"].get("productcode", "").strip() for entry in rows
             if isinstance(entry, dict) and isinstance(entry.get("product"), dict)
             and isinstance(entry["product"].get("productcode"), str)}
    existing = {product.productcode: product for product in session.scalars(
        select(Product).where(Product.customer_id == customer_id, Product.productcode.in_(codes)).with_for_update())}

    errors: list[dict] = []
    planned: list[dict] = []
    first_row_of: dict[str, int] = {}
    for entry in rows:
        row, fields, problems = validated_row(entry, set(existing))
        errors.extend(problems)
        if fields is None:
            continue
        if refused := unknown_vat_group(fields):
            errors.append({"row": row, "field": "idvatgroup", "message": refused})
        code = fields["productcode"]
        if code in first_row_of:
            errors.append({"row": row, "field": "productcode",
                           "message": f"'{code}' is also on row {first_row_of[code]}"})
        first_row_of.setdefault(code, row)
        planned.append(fields)
    if errors:
        return {"created": 0, "updated": 0, "errors": errors}

    created, updated = [], []
    for fields in planned:
        product = existing.get(fields["productcode"])
        if product is None:
            product = Product(customer_id=customer_id, **fields)
            session.add(product)
            created.append(product)
        else:
            for name, value in fields.items():
                setattr(product, name, value)
            updated.append(product)
    flush_new_products(session, "productcode: a code in this import was added meanwhile; please import again")
    record_cost_prices(session, created + updated)
    fresh = {product.id: product for product in session.scalars(
        select(Product).where(Product.id.in_([product.id for product in created + updated]))
        .options(selectinload(Product.stock_levels)).execution_options(populate_existing=True))}
    for product in created:
        announce(uow, "products_created", product_output.dump(fresh[product.id]))
    for product in updated:
        announce(uow, "products_updated", product_output.dump(fresh[product.id]))
    return {"created": len(created), "updated": len(updated), "errors": []}
