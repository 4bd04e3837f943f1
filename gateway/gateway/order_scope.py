"""Which of its client's orders the signed-in user, or the API key, sees: those in its warehouses
(gateway.warehouse_scope) and, for one limited to some webshops, those from its shops or from no
shop at all (placed in the portal or through the API). Another order is not found, exactly like
another client's; backorders and shipments follow their order."""
from gateway import warehouse_scope
from gateway.webshop_scope import webshop_in_scope, webshop_scope


def order_in_scope(order: dict) -> bool:
    return warehouse_scope.order_in_scope(order) and (order.get("idwebshop") is None
                                                      or webshop_in_scope(order["idwebshop"]))


def with_order_scope(filters: dict | None) -> dict | None:
    """Order, backorder or shipment list filters for orders, narrowed to the user's warehouses and shops."""
    filters, shops = warehouse_scope.with_warehouse_scope(filters), webshop_scope()
    return filters if shops is None else {**(filters or {}), "idwebshops": shops}
