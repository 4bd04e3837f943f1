"""Making and changing purchase orders: the client's, until the warehouse receives the first goods.

Lines name the client's own products. The service asks catalog which of the named products are
the client's before the transaction (`named_products`, then catalog's find_products) and hands
the answer in as `found`; a product not among them is refused like a missing one.
"""
from datetime import datetime, timezone

from sqlalchemy import insert as insert_rows
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from purchasing.customer_warehouses import purchase_order_warehouse
from purchasing.exceptions import InvalidPurchaseOrder, NoPurchaseOrderWarehouse, PurchaseOrderLocked
from purchasing.models import PurchaseOrder, PurchaseOrderChange, PurchaseOrderLine
from purchasing.purchase_order_lookup import find_purchase_order, purchase_orders_query
from purchasing.schemas import (MAX_AMOUNT, MAX_LINES, FoundProduct, LineAmountInput, LineInput,
                                PurchaseOrderDetailsInput, PurchaseOrderInput, purchase_order_output)
from purchasing.statuses import CANCELLED, CONCEPT, PURCHASED, RECEIVED
from purchasing.suppliers import find_supplier
from servicekit.line_import import imported_lines, import_row_codes
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_purchase_order_input = PurchaseOrderInput()
_details_input = PurchaseOrderDetailsInput()
_line_input = LineInput()
_amount_input = LineAmountInput()
_found_product = FoundProduct()


def named_products(lines) -> tuple[list[int], list[str]]:
    """The product ids and codes some lines name (before they are validated: whatever looks
    like one), for catalog's find_products."""
    lines = lines if isinstance(lines, list) else [lines]
    ids = [line["idproduct"] for line in lines if isinstance(line, dict) and isinstance(line.get("idproduct"), int)]
    codes = [line["productcode"].strip() for line in lines
             if isinstance(line, dict) and isinstance(line.get("productcode"), str)]
    return ids, codes


def product_named(line: dict, found: list[dict], where: str, invalid: type[Exception] = InvalidPurchaseOrder) -> dict:
    """The client's product a validated line names, from catalog's answer; else `invalid`."""
    products = [_found_product.load(product) for product in found]
    if "idproduct" in line:
        match = next((p for p in products if p["idproduct"] == line["idproduct"]), None)
        named = f"idproduct {line['idproduct']}"
    else:
        match = next((p for p in products if p["productcode"] == line["productcode"]), None)
        named = f"productcode '{line['productcode']}'"
    if match is None:
        # Another client's product looks exactly like one that does not exist.
        raise invalid(f"{where or named.split()[0] + ': '}unknown product ({named})")
    return match


def products_of_lines(lines: list[dict], found: list[dict], invalid: type[Exception] = InvalidPurchaseOrder,
                      on: str = "order") -> list[tuple[dict, int]]:
    """Each validated line's product (from catalog's answer) and amount; a product named twice,
    once by id and once by code, is refused like one typed twice."""
    products, seen = [], set()
    for number, line in enumerate(lines):
        product = product_named(line, found, f"products.{number}: ", invalid)
        if product["idproduct"] in seen:
            raise invalid(f"products.{number}: {product['productcode']} is on the {on} twice; add the amounts up")
        seen.add(product["idproduct"])
        products.append((product, line["amount"]))
    return products


def _locked_for_change(session: Session, customer_id: int, purchase_order_id) -> PurchaseOrder:
    """The purchase order, locked, if the client may still change it; else why not."""
    purchase_order = find_purchase_order(session, customer_id, purchase_order_id, for_update=True)
    if not purchase_order.changeable_by_client:
        raise PurchaseOrderLocked(why_locked(purchase_order))
    return purchase_order


def why_locked(purchase_order: PurchaseOrder) -> str:
    if purchase_order.status == CANCELLED:
        return "The purchase order has been cancelled."
    if purchase_order.status == RECEIVED:
        return "The purchase order has been received in full."
    return "The warehouse has received goods of this purchase order; it can no longer be changed or cancelled."


def _changed(uow: UnitOfWork, purchase_order: PurchaseOrder, changed_by: str, change: str) -> dict:
    purchase_order.changes.append(PurchaseOrderChange(changed_by=changed_by, change=change))
    purchase_order.updated_at = datetime.now(timezone.utc)
    uow.session.flush()
    return purchase_order_output.dump(purchase_order)


def _supplier_fields(session: Session, customer_id: int, details: dict) -> dict:
    """idsupplier names one of the client's suppliers, whose name the order keeps."""
    if details.get("idsupplier"):
        supplier = find_supplier(session, customer_id, details["idsupplier"])
        return {"supplier_id": supplier.id, "supplier_name": supplier.name}
    if details.get("supplier_name"):
        return {"supplier_id": None, "supplier_name": details["supplier_name"]}
    return {}


def _details(fields: dict) -> dict:
    return {name: fields[name] for name in ("supplier_orderid", "delivery_date", "remarks") if name in fields}


def create_purchase_order(uow: UnitOfWork, customer_id: int, data, found: list[dict], created_by: str,
                          idempotency_key: str | None = None) -> dict:
    """A concept purchase order. Returns {"purchase_order", "created"}; created is False when
    `idempotency_key` names one made before (a retried create)."""
    fields = load(_purchase_order_input, data, InvalidPurchaseOrder)
    session, key = uow.session, (idempotency_key or "").strip()[:200] or None
    if key and (existing := _by_idempotency_key(session, customer_id, key)):
        return {"purchase_order": purchase_order_output.dump(existing), "created": False}
    purchase_order = PurchaseOrder(customer_id=customer_id, status=CONCEPT, created_by=created_by, idempotency_key=key,
                                   **_supplier_fields(session, customer_id, fields), **_details(fields))
    for product, amount in products_of_lines(fields["products"], found):
        purchase_order.lines.append(PurchaseOrderLine(product_id=product["idproduct"], productcode=product["productcode"],
                                                      name=product["name"], amount=amount))
    purchase_order.changes.append(PurchaseOrderChange(changed_by=created_by, change="created"))
    session.add(purchase_order)
    try:
        session.flush()
    except IntegrityError:
        # The same create, retried at the same moment, won the race: answer with its purchase order.
        session.rollback()
        return {"purchase_order": purchase_order_output.dump(_by_idempotency_key(session, customer_id, key)),
                "created": False}
    return {"purchase_order": purchase_order_output.dump(purchase_order), "created": True}


def _by_idempotency_key(session: Session, customer_id: int, key: str) -> PurchaseOrder | None:
    return session.scalar(purchase_orders_query().where(PurchaseOrder.customer_id == customer_id,
                                                        PurchaseOrder.idempotency_key == key))


def update_purchase_order(uow: UnitOfWork, customer_id: int, purchase_order_id, data, changed_by: str) -> dict:
    """Change the supplier, the supplier's reference, the delivery date or the remarks."""
    fields = load(_details_input, data, InvalidPurchaseOrder, partial=True)
    purchase_order = _locked_for_change(uow.session, customer_id, purchase_order_id)
    if "idsupplier" in fields or "supplier_name" in fields:
        supplier = _supplier_fields(uow.session, customer_id, fields)
        if not supplier:
            raise InvalidPurchaseOrder("idsupplier: a purchase order needs a supplier")
        for name, value in supplier.items():
            setattr(purchase_order, name, value)
    for name, value in _details(fields).items():
        setattr(purchase_order, name, value)
    return _changed(uow, purchase_order, changed_by, "details changed")


def add_line(uow: UnitOfWork, customer_id: int, purchase_order_id, line, found: list[dict], changed_by: str) -> dict:
    """Add a product; a product already on the order takes the new amount on top."""
    fields = load(_line_input, line, InvalidPurchaseOrder)
    purchase_order = _locked_for_change(uow.session, customer_id, purchase_order_id)
    product = product_named(fields, found, "")
    existing = next((line for line in purchase_order.lines if line.product_id == product["idproduct"]), None)
    if existing is not None:
        if existing.amount + fields["amount"] > MAX_AMOUNT:
            raise InvalidPurchaseOrder(f"amount: {existing.amount} are on the order already; at most {MAX_AMOUNT} in all")
        existing.amount += fields["amount"]
    elif len(purchase_order.lines) >= MAX_LINES:
        raise InvalidPurchaseOrder(f"products: at most {MAX_LINES} lines")
    else:
        purchase_order.lines.append(PurchaseOrderLine(product_id=product["idproduct"], productcode=product["productcode"],
                                                      name=product["name"], amount=fields["amount"]))
    return _changed(uow, purchase_order, changed_by, "line added")


def _line(purchase_order: PurchaseOrder, line_id) -> PurchaseOrderLine:
    line = next((line for line in purchase_order.lines if line.id == line_id), None)
    if line is None:
        raise InvalidPurchaseOrder(f"idpurchaseorder_product: line {line_id} is not on this purchase order")
    return line


def change_line(uow: UnitOfWork, customer_id: int, purchase_order_id, line_id, amount, changed_by: str) -> dict:
    fields = load(_amount_input, {"amount": amount}, InvalidPurchaseOrder)
    purchase_order = _locked_for_change(uow.session, customer_id, purchase_order_id)
    _line(purchase_order, line_id).amount = fields["amount"]
    return _changed(uow, purchase_order, changed_by, "line changed")


def remove_line(uow: UnitOfWork, customer_id: int, purchase_order_id, line_id, changed_by: str) -> dict:
    purchase_order = _locked_for_change(uow.session, customer_id, purchase_order_id)
    purchase_order.lines.remove(_line(purchase_order, line_id))
    return _changed(uow, purchase_order, changed_by, "line removed")


def check_import_rows(rows) -> list[str]:
    """The product codes of an import's rows, for catalog's find_product_ids."""
    return import_row_codes(rows, InvalidPurchaseOrder, "purchase order lines")


def import_lines(uow: UnitOfWork, customer_id: int, purchase_order_id, rows, product_ids: dict[str, int],
                 found: list[dict], changed_by: str) -> dict:
    """Lines from a spreadsheet, all or nothing (`servicekit.line_import`: every bad row named).
    An imported product already on the order takes the imported amount. `product_ids`: the
    client's products by code; `found`: those products (for their names)."""
    check_import_rows(rows)
    purchase_order = _locked_for_change(uow.session, customer_id, purchase_order_id)
    imported = imported_lines(rows, product_ids, MAX_AMOUNT)
    if imported.errors:
        return {"imported": 0, "errors": imported.errors}
    existing = {line.product_id: line for line in purchase_order.lines}
    if len(existing.keys() | imported.amounts.keys()) > MAX_LINES:
        raise InvalidPurchaseOrder(f"rows: a purchase order holds at most {MAX_LINES} lines")
    products = {product["idproduct"]: product for product in map(_found_product.load, found)}
    for product_id in imported.amounts.keys() & existing.keys():
        existing[product_id].amount = imported.amounts[product_id]
    new = [{"purchase_order_id": purchase_order.id, "product_id": product_id, "amount": amount,
            "productcode": products[product_id]["productcode"], "name": products[product_id]["name"]}
           for product_id, amount in imported.amounts.items() if product_id not in existing]
    if new:  # one statement for thousands of lines, not one per line
        uow.session.execute(insert_rows(PurchaseOrderLine), new)
        uow.session.expire(purchase_order, ["lines"])
    _changed(uow, purchase_order, changed_by, "lines imported")
    return {"imported": len(imported.amounts), "errors": []}


def mark_purchased(uow: UnitOfWork, customer_id: int, purchase_order_id, changed_by: str) -> dict:
    """Announce the goods to the warehouse: they are to arrive in the client's warehouse for
    purchase orders, which the order keeps from now on. Marking it again changes nothing."""
    purchase_order = _locked_for_change(uow.session, customer_id, purchase_order_id)
    if purchase_order.status == PURCHASED:
        return purchase_order_output.dump(purchase_order)
    if not purchase_order.lines:
        raise InvalidPurchaseOrder("products: add at least one product first")
    warehouse_id = purchase_order_warehouse(uow.session, customer_id)
    if warehouse_id is None:
        raise NoPurchaseOrderWarehouse("No warehouse for purchase orders has been set for you yet; "
                                       "please ask the warehouse to set one.")
    purchase_order.status, purchase_order.warehouse_id = PURCHASED, warehouse_id
    purchase_order.purchased_at = datetime.now(timezone.utc)
    return _changed(uow, purchase_order, changed_by, "purchased")


def cancel(uow: UnitOfWork, customer_id: int, purchase_order_id, changed_by: str) -> dict:
    purchase_order = _locked_for_change(uow.session, customer_id, purchase_order_id)
    purchase_order.status = CANCELLED
    return _changed(uow, purchase_order, changed_by, "cancelled")
