"""Reading purchase orders; every query is scoped to one fulfilment customer (or, for the
operator, none)."""
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, selectinload

from purchasing.exceptions import InvalidPurchaseOrder, PurchaseOrderNotFound
from purchasing.models import PurchaseOrder, PurchaseOrderLine, Receipt, ReceiptLine
from purchasing.schemas import PurchaseOrderFilters, purchase_order_output
from servicekit.validation import load

PAGE_SIZE = 100
_filters_input = PurchaseOrderFilters()


def purchase_orders_query() -> Select:
    """Purchase orders with their lines and history, newest first."""
    return (select(PurchaseOrder)
            .options(selectinload(PurchaseOrder.lines), selectinload(PurchaseOrder.changes),
                     selectinload(PurchaseOrder.receipts).selectinload(Receipt.lines)
                     .selectinload(ReceiptLine.purchase_order_line),
                     selectinload(PurchaseOrder.receipts).selectinload(Receipt.booking))
            .order_by(PurchaseOrder.id.desc()))


def find_purchase_order(session: Session, customer_id: int, purchase_order_id, for_update: bool = False) -> PurchaseOrder:
    """The customer's purchase order; another customer's answers exactly like a missing one."""
    if not isinstance(purchase_order_id, int) or isinstance(purchase_order_id, bool):
        raise PurchaseOrderNotFound(f"purchase order {purchase_order_id} not found")
    query = purchase_orders_query().where(PurchaseOrder.id == purchase_order_id,
                                          PurchaseOrder.customer_id == customer_id)
    found = session.scalar(query.with_for_update(of=PurchaseOrder) if for_update else query)
    if found is None:
        raise PurchaseOrderNotFound(f"purchase order {purchase_order_id} not found")
    return found


def get_purchase_order(session: Session, customer_id: int, purchase_order_id) -> dict:
    return purchase_order_output.dump(find_purchase_order(session, customer_id, purchase_order_id))


def get_purchase_order_of_any_customer(session: Session, purchase_order_id) -> dict:
    """The operator's view across customers (the gateway offers it to operator keys only)."""
    if not isinstance(purchase_order_id, int) or isinstance(purchase_order_id, bool):
        raise PurchaseOrderNotFound(f"purchase order {purchase_order_id} not found")
    found = session.scalar(purchase_orders_query().where(PurchaseOrder.id == purchase_order_id))
    if found is None:
        raise PurchaseOrderNotFound(f"purchase order {purchase_order_id} not found")
    return purchase_order_output.dump(found)


def _filtered(query: Select, offset, filters) -> Select:
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidPurchaseOrder("offset: must be a whole number, 0 or more")
    chosen = {name: value for name, value in load(_filters_input, filters or {}, InvalidPurchaseOrder).items()
              if value is not None}
    if "status" in chosen:
        query = query.where(PurchaseOrder.status == chosen["status"])
    if "idsupplier" in chosen:
        query = query.where(PurchaseOrder.supplier_id == chosen["idsupplier"])
    if "idwarehouses" in chosen:
        query = query.where(or_(PurchaseOrder.warehouse_id.in_(chosen["idwarehouses"]),
                                PurchaseOrder.warehouse_id.is_(None)))
    if chosen.get("search"):
        pattern = f"%{chosen['search']}%"
        query = query.where(or_(
            PurchaseOrder.supplier_name.ilike(pattern), PurchaseOrder.supplier_orderid.ilike(pattern),
            PurchaseOrder.id.in_(select(PurchaseOrderLine.purchase_order_id).where(
                or_(PurchaseOrderLine.productcode.ilike(pattern), PurchaseOrderLine.name.ilike(pattern))))))
    return query.offset(offset).limit(PAGE_SIZE)


def list_purchase_orders(session: Session, customer_id: int, offset=0, filters=None) -> list[dict]:
    """Newest first, 100 a page; filters: status, idsupplier, search (supplier, their reference,
    product code or name), idwarehouses."""
    query = _filtered(purchase_orders_query().where(PurchaseOrder.customer_id == customer_id), offset, filters)
    return purchase_order_output.dump(session.scalars(query), many=True)


def list_purchase_orders_of_all_customers(session: Session, offset=0, filters=None) -> list[dict]:
    return purchase_order_output.dump(session.scalars(_filtered(purchase_orders_query(), offset, filters)), many=True)
