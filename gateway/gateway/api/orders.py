"""/api/v1/orders: orders of the caller's customer (customer key) or of any customer (operator
key, naming `idfulfilment_customer` to create one or to filter)."""
from flask import current_app, g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import (
    customer_from_key_or, for_key_scope, is_operator, refuse_unknown_arguments, required_customer,
)
from gateway.api.errors import ApiError
from gateway.api.picqer_fields import order_fields
from gateway.api.picqer_format import (
    json_body, offset_argument, optional_json_body, whole_number_argument, with_picqer_amounts, with_picqer_times,
)
from gateway.order_scope import order_in_scope, with_order_scope
from gateway.warehouse_scope import in_scope


def present_order(order: dict) -> dict:
    history = [with_picqer_times(change, "created_at") for change in order["history"]]
    comments = [with_picqer_times(comment, "created_at") for comment in order["comments"]]
    lines = [with_picqer_amounts(line, "price") for line in order["products"]]
    return {**with_picqer_times(order, "created", "updated", "processed"), "products": lines, "history": history,
            "comments": comments}


def present_backorder(backorder: dict) -> dict:
    shown = with_picqer_times(backorder, "created")
    return {**shown, "created_at": shown.get("created")}  # Picqer's name for it


# API parameter → orders filter (Picqer's names; the date range is sincedate/untildate).
FILTERS = {"status": "status", "source": "source", "search": "search", "tag": "tag",
           "sincedate": "created_from", "untildate": "created_until", "updated_since": "updated_since",
           "sinceid": "sinceid", "orderid": "orderid", "reference": "reference", "idcustomer": "idcustomer"}


def _filters() -> dict:
    refuse_unknown_arguments(*FILTERS)
    return {FILTERS[name]: request.args[name] for name in FILTERS if request.args.get(name)}


def find_key_order(order_id: int) -> dict:
    """The order, if this key may see it (one processed in a warehouse the key may not see is
    not found); 404 otherwise."""
    orders = rpc_client().orders
    order = for_key_scope(orders.get_order, orders.get_order_of_any_customer, order_id)
    if not order_in_scope(order):
        raise ApiError(404, f"order {order_id} not found")
    return order


@blueprint.post("/orders")
def create_order():
    """Create an order; it arrives as a concept for the warehouse to process (or is processed at
    once, if the customer's `process_orders_at_once` says so).

    `{"reference": "SHOP-1001", "deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1",
    "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "NL",
    "products": [{"productcode": "MUG-1", "amount": 2}]}` → 201. Sending the same
    `Idempotency-Key` header again answers 200 with the order already made; a reference is not
    unique (as in Picqer), so without the header a retry makes a second order.
    """
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    result = rpc_client().orders.create_order(customer_id, order_fields(body), "api", f"API key {g.api_key['name']}",
                                              request.headers.get("Idempotency-Key"))
    return present_order(result["order"]), 201 if result["created"] else 200


@blueprint.get("/orders")
def list_orders():
    """Orders, newest first, 100 a page: `GET /api/v1/orders?status=concept&search=SHOP&offset=0`;
    also Picqer's `orderid`, `reference` (exactly), `idcustomer`, `sinceid`, `sincedate`/`untildate`
    and `updated_since` (a date or "2019-04-03 21:14:18", UTC). Any other argument is refused."""
    orders = rpc_client().orders
    rows = for_key_scope(orders.list_orders, orders.list_orders_of_all_customers, offset_argument(),
                         with_order_scope(_filters()))
    return [present_order(order) for order in rows]


@blueprint.get("/orders/<int:order_id>")
def get_order(order_id: int):
    return present_order(find_key_order(order_id))


@blueprint.put("/orders/<int:order_id>")
def update_order(order_id: int):
    """Change the delivery address and the contact fields POST takes (`emailaddress`, `telephone`,
    `invoice*`, `idcustomer`) while the customer's rule allows it (`changes_allowed_until`: by
    default until picking starts; an operator key until picking starts). Only the fields named
    change: `{"telephone": "+31 6 1234 5678"}` leaves the rest as it was."""
    orders = rpc_client().orders
    order = find_key_order(order_id)
    return present_order(orders.update_order(order["idfulfilment_customer"], order_id, order_fields(json_body()),
                                             f"API key {g.api_key['name']}", is_operator()))


@blueprint.get("/orders/<int:order_id>/comments")
def order_comments(order_id: int):
    return present_order(find_key_order(order_id))["comments"]


@blueprint.post("/orders/<int:order_id>/comments")
def add_order_comment(order_id: int):
    """Add a comment: `{"body": "Please use the side door"}` → 201 with the comment."""
    order = find_key_order(order_id)
    commented = rpc_client().orders.add_order_comment(order["idfulfilment_customer"], order_id,
                                                      json_body().get("body"), f"API key {g.api_key['name']}")
    return present_order(commented)["comments"][-1], 201


def _as_note(comment: dict) -> dict:
    return {"idorder_note": comment["idcomment"], "note": comment["body"], "author": comment["author"],
            "created": comment["created_at"]}


@blueprint.get("/orders/<int:order_id>/notes")
def order_notes(order_id: int):
    """Picqer's name for the order's comments: `[{"idorder_note": 3, "note": "...", ...}]`."""
    return [_as_note(comment) for comment in order_comments(order_id)]


@blueprint.post("/orders/<int:order_id>/notes")
def add_order_note(order_id: int):
    """Picqer's `{"note": "Please use the side door"}` → 201 with the note (a comment here)."""
    order = find_key_order(order_id)
    commented = rpc_client().orders.add_order_comment(order["idfulfilment_customer"], order_id,
                                                      json_body().get("note"), f"API key {g.api_key['name']}")
    return _as_note(present_order(commented)["comments"][-1]), 201


@blueprint.put("/orders/<int:order_id>/tags")
def set_order_tags(order_id: int):
    """Replace the order's tags: `{"tags": ["urgent", "b2b"]}`."""
    order = find_key_order(order_id)
    return present_order(rpc_client().orders.set_order_tags(order["idfulfilment_customer"], order_id,
                                                            json_body().get("tags"), f"API key {g.api_key['name']}"))


@blueprint.delete("/orders/<int:order_id>")
def cancel_order(order_id: int):
    """Cancel an order; refused (400) once it reached the customer's `changes_allowed_until`
    (by default: once picking has started); an operator key may cancel until picking starts."""
    orders = rpc_client().orders
    customer_id = customer_from_key_or(request.args.get("idfulfilment_customer"))
    if customer_id is None:  # an operator cancels for whichever customer the order belongs to
        customer_id = orders.get_order_of_any_customer(order_id)["idfulfilment_customer"]
    return present_order(orders.cancel_order(customer_id, order_id, f"API key {g.api_key['name']}", is_operator()))


@blueprint.post("/orders/<int:order_id>/process")
def process_order(order_id: int):
    """Process a concept order: stock is reserved per line in `idwarehouse`, by default the
    customer's preferred warehouse, else the operator's default (`DEFAULT_IDWAREHOUSE`); what
    is missing is backordered. The order's `idwarehouse` says which was used. A customer key
    processes its own orders, as Picqer lets fulfilment customers' keys do."""
    warehouse_id = optional_json_body().get("idwarehouse")
    order = find_key_order(order_id)
    if warehouse_id is None:
        preferred = rpc_client().accounts.get_customer(order["idfulfilment_customer"])["preferred_idwarehouse"]
        warehouse_id = preferred if preferred is not None else current_app.config["DEFAULT_IDWAREHOUSE"]
    if not isinstance(warehouse_id, int) or isinstance(warehouse_id, bool):
        raise ApiError(400, "idwarehouse: required (the customer has no preferred warehouse and no default "
                            "is set), a whole number")
    known = {w["idwarehouse"] for w in rpc_client().catalog.list_warehouses()}
    if warehouse_id not in known or not in_scope(warehouse_id):  # a key limited to others: as if missing
        raise ApiError(400, f"idwarehouse: warehouse {warehouse_id} does not exist")
    return present_order(rpc_client().orders.process_order(order["idfulfilment_customer"], order_id, warehouse_id,
                                                           f"API key {g.api_key['name']}"))


def _backorders(filters: dict, offset: int = 0):
    orders = rpc_client().orders
    rows = for_key_scope(orders.list_backorders, orders.list_backorders_of_all_customers, offset,
                         with_order_scope(filters))
    return [present_backorder(row) for row in rows]


@blueprint.get("/backorders/<int:backorder_id>")
def get_backorder(backorder_id: int):
    found = _backorders({"idbackorder": backorder_id})
    if not found:  # filled since, another client's, or never there: alike
        raise ApiError(404, f"backorder {backorder_id} not found")
    return found[0]


@blueprint.get("/backorders")
def list_backorders():
    """Backorders, oldest first (the order they are filled in): `?idproduct=5&idorder=31`."""
    refuse_unknown_arguments("idproduct", "idorder")
    return _backorders({name: whole_number_argument(name) for name in ("idproduct", "idorder")
                        if request.args.get(name)}, offset_argument())


@blueprint.get("/orders/<int:order_id>/backorders")
def order_backorders(order_id: int):
    find_key_order(order_id)  # 404 unless this key may see the order
    return _backorders({"idorder": order_id}, offset_argument())
