"""/api/v1/purchaseorders: goods a client announces, as Picqer's purchase orders. Customer keys
act for their own client; operator keys name `idfulfilment_customer` to create one, and reach
any client's otherwise. Concept → purchased (the goods go to the client's warehouse for
purchase orders) → received; lines and details change, or it is cancelled, until the warehouse
receives the first goods."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, required_customer
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, offset_argument, whole_number_argument, with_picqer_times
from gateway.warehouse_scope import order_in_scope, with_warehouse_scope

FILTERS = ("status", "search")


def present_purchase_order(purchase_order: dict) -> dict:
    history = [with_picqer_times(change, "created_at") for change in purchase_order["history"]]
    return {**with_picqer_times(purchase_order, "created", "updated", "purchased", "completed"), "history": history}


def key_purchase_order(purchase_order_id: int) -> dict:
    """The purchase order, if this key may see it; 404 otherwise."""
    purchasing = rpc_client().purchasing
    purchase_order = for_key_scope(purchasing.get_purchase_order, purchasing.get_purchase_order_of_any_customer,
                                   purchase_order_id)
    if not order_in_scope(purchase_order):
        raise ApiError(404, f"purchase order {purchase_order_id} not found")
    return purchase_order


def _who() -> str:
    return f"API key {g.api_key['name']}"


@blueprint.post("/purchaseorders")
def create_purchase_order():
    """A concept purchase order: `{"idsupplier": 3, "supplier_orderid": "HT-881", "delivery_date":
    "2026-12-24", "remarks": "", "products": [{"productcode": "MUG-1", "amount": 20}]}` → 201.
    The same `Idempotency-Key` header again answers 200 with the purchase order made before."""
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    result = rpc_client().purchasing.create_purchase_order(customer_id, body, _who(),
                                                           request.headers.get("Idempotency-Key"))
    return present_purchase_order(result["purchase_order"]), 201 if result["created"] else 200


@blueprint.get("/purchaseorders")
def list_purchase_orders():
    """Newest first, 100 a page: `?status=purchased&idsupplier=3&search=MUG&offset=0`."""
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    if (supplier := whole_number_argument("idsupplier")) is not None:
        filters["idsupplier"] = supplier
    purchasing = rpc_client().purchasing
    rows = for_key_scope(purchasing.list_purchase_orders, purchasing.list_purchase_orders_of_all_customers,
                         offset_argument(), with_warehouse_scope(filters))
    return [present_purchase_order(row) for row in rows]


@blueprint.get("/purchaseorders/<int:purchase_order_id>")
def get_purchase_order(purchase_order_id: int):
    return present_purchase_order(key_purchase_order(purchase_order_id))


def _change(purchase_order_id: int, method: str, *args) -> dict:
    """Call `method(customer_id, purchase_order_id, *args, who)` for the order's own client."""
    customer_id = key_purchase_order(purchase_order_id)["idfulfilment_customer"]
    changed = getattr(rpc_client().purchasing, method)(customer_id, purchase_order_id, *args, _who())
    return present_purchase_order(changed)


@blueprint.put("/purchaseorders/<int:purchase_order_id>")
def update_purchase_order(purchase_order_id: int):
    """Change `idsupplier` or `supplier_name`, `supplier_orderid`, `delivery_date`, `remarks`."""
    return _change(purchase_order_id, "update_purchase_order", json_body())


@blueprint.post("/purchaseorders/<int:purchase_order_id>/products")
def add_purchase_order_product(purchase_order_id: int):
    """Add a line: `{"productcode": "MUG-1", "amount": 5}` (or `idproduct`) → 201 with the order."""
    return _change(purchase_order_id, "add_purchase_order_line", json_body()), 201


@blueprint.put("/purchaseorders/<int:purchase_order_id>/products/<int:line_id>")
def change_purchase_order_product(purchase_order_id: int, line_id: int):
    """Change a line's amount: `{"amount": 8}`."""
    return _change(purchase_order_id, "change_purchase_order_line", line_id, json_body().get("amount"))


@blueprint.delete("/purchaseorders/<int:purchase_order_id>/products/<int:line_id>")
def remove_purchase_order_product(purchase_order_id: int, line_id: int):
    return _change(purchase_order_id, "remove_purchase_order_line", line_id)


@blueprint.post("/purchaseorders/<int:purchase_order_id>/mark-as-purchased")
def mark_purchase_order_purchased(purchase_order_id: int):
    """Announce the goods: they go to the client's warehouse for purchase orders (400 while the
    warehouse has not set one)."""
    return _change(purchase_order_id, "mark_purchase_order_purchased")


@blueprint.post("/purchaseorders/<int:purchase_order_id>/cancel")
def cancel_purchase_order(purchase_order_id: int):
    return _change(purchase_order_id, "cancel_purchase_order")
