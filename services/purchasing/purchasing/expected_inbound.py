"""What is on its way to the warehouse for a client, per product: the lines of open purchase
orders still expected, and the stock transfers still to ship. The dashboard and the product page
show it next to free stock and backorders, so a client sees when a backorder will be filled."""
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from purchasing.exceptions import InvalidPurchaseOrder
from purchasing.models import PurchaseOrder, PurchaseOrderLine, StockTransfer, StockTransferLine
from purchasing.schemas import ExpectedInboundFilters, purchase_order_number, stock_transfer_number
from purchasing.statuses import OPEN, TO_SHIP
from servicekit.validation import load

MAX_PRODUCTS = 100
_filters_input = ExpectedInboundFilters()


def expected_by_product(sources: list[dict]) -> list[dict]:
    """Group what is coming per product, soonest first within a product and across products (a
    source without a date comes last). `sources`: [{idproduct, productcode, name, type, id,
    number, status, amount, expected_date (date or None)}]."""
    def soonest(source: dict) -> tuple:
        return (source["expected_date"] is None, source["expected_date"] or date.max, source["number"])

    products: dict[int, dict] = {}
    for source in sorted(sources, key=soonest):
        product = products.setdefault(source["idproduct"], {
            "idproduct": source["idproduct"], "productcode": source["productcode"], "name": source["name"],
            "amount_expected": 0, "first_expected_date": None, "sources": []})
        product["amount_expected"] += source["amount"]
        if product["first_expected_date"] is None and source["expected_date"] is not None:
            product["first_expected_date"] = source["expected_date"]
        product["sources"].append({key: source[key] for key in ("type", "id", "number", "status", "amount",
                                                               "expected_date")})
    rows = sorted(products.values(), key=lambda p: (p["first_expected_date"] is None,
                                                     p["first_expected_date"] or date.max, p["productcode"]))
    for row in rows:
        row["first_expected_date"] = row["first_expected_date"] and row["first_expected_date"].isoformat()
        for source in row["sources"]:
            source["expected_date"] = source["expected_date"] and source["expected_date"].isoformat()
    return rows


def _purchase_order_sources(session: Session, customer_id: int, chosen: dict) -> list[dict]:
    query = (select(PurchaseOrderLine, PurchaseOrder).join(PurchaseOrderLine.purchase_order)
             .where(PurchaseOrder.customer_id == customer_id, PurchaseOrder.status.in_(OPEN),
                    PurchaseOrderLine.amount > PurchaseOrderLine.amount_received))
    if chosen.get("idproduct") is not None:
        query = query.where(PurchaseOrderLine.product_id == chosen["idproduct"])
    if chosen.get("idwarehouses") is not None:
        # A concept has no warehouse yet: it may come to any of them.
        query = query.where(or_(PurchaseOrder.warehouse_id.in_(chosen["idwarehouses"]),
                                PurchaseOrder.warehouse_id.is_(None)))
    return [{"idproduct": line.product_id, "productcode": line.productcode, "name": line.name,
             "type": "purchaseorder", "id": order.id, "number": purchase_order_number(order),
             "status": order.status, "amount": line.amount - line.amount_received,
             "expected_date": order.delivery_date} for line, order in session.execute(query)]


def _transfer_sources(session: Session, customer_id: int, chosen: dict) -> list[dict]:
    query = (select(StockTransferLine, StockTransfer).join(StockTransferLine.transfer)
             .where(StockTransfer.customer_id == customer_id, StockTransfer.status == TO_SHIP))
    if chosen.get("idproduct") is not None:
        query = query.where(StockTransferLine.product_id == chosen["idproduct"])
    if chosen.get("idwarehouses") is not None:
        query = query.where(StockTransfer.warehouse_id.in_(chosen["idwarehouses"]))
    return [{"idproduct": line.product_id, "productcode": line.productcode, "name": line.name,
             "type": "stocktransfer", "id": transfer.id, "number": stock_transfer_number(transfer),
             "status": transfer.status, "amount": line.amount, "expected_date": transfer.expected_date}
            for line, transfer in session.execute(query)]


def list_expected_inbound(session: Session, customer_id: int, filters=None) -> list[dict]:
    """Per product, soonest first, at most 100 products; filters: idproduct, idwarehouses."""
    chosen = load(_filters_input, filters or {}, InvalidPurchaseOrder)
    sources = _purchase_order_sources(session, customer_id, chosen) + _transfer_sources(session, customer_id, chosen)
    return expected_by_product(sources)[:MAX_PRODUCTS]
