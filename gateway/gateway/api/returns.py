"""/api/v1/returns: goods coming back from shipped orders, as Picqer's returns. A customer key
registers and reads its own customer's (an operator key any customer's, naming
`idfulfilment_customer` to register one); moving a return through its statuses is the
warehouse's, for operator keys."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, refuse_unknown_arguments, require_operator, required_customer
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times

FILTERS = ("idorder", "status")


def present_return(return_: dict) -> dict:
    history = [with_picqer_times(change, "created_at") for change in return_["history"]]
    return {**with_picqer_times(return_, "created", "updated", "received_at"), "history": history}


@blueprint.get("/returns")
def list_returns():
    """Returns, newest first, 100 a page: `?idorder=31&status=announced`."""
    refuse_unknown_arguments(*FILTERS)
    orders = rpc_client().orders
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    return [present_return(row) for row in
            for_key_scope(orders.list_returns, orders.list_returns_of_all_customers, offset_argument(), filters)]


@blueprint.post("/returns")
def register_return():
    """Register a return of a shipped order: `{"idorder": 31, "returned_products": [{"productcode": "MUG-1",
    "amount": 1, "reason": "broken"}], "replacement_products": [{"productcode": "MUG-1", "amount": 1}]}` → 201,
    announced. More than was shipped (less other returns) is refused. A retry with the same
    `Idempotency-Key` header answers the return made before, even after a lost answer."""
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    return present_return(rpc_client().orders.register_return(customer_id, body, f"API key {g.api_key['name']}",
                                                              request.headers.get("Idempotency-Key"))), 201


@blueprint.get("/returns/<int:return_id>")
def get_return(return_id: int):
    orders = rpc_client().orders
    return present_return(for_key_scope(orders.get_return, orders.get_return_of_any_customer, return_id))


@blueprint.post("/returns/<int:return_id>/status")
def change_return_status(return_id: int):
    """The warehouse moves the return on (operator keys): `{"status": "received", "note": "box dented",
    "damaged_products": [{"idreturn_product": 4, "amount": 1}]}`; announced → received → completed, or
    rejected. Receiving puts what is not damaged back in stock; completing orders the replacements."""
    require_operator()
    return_ = rpc_client().orders.get_return_of_any_customer(return_id)
    body = json_body()
    return present_return(rpc_client().orders.change_return_status(
        return_["idfulfilment_customer"], return_id, body.get("status"), f"API key {g.api_key['name']}",
        body.get("note"), body.get("damaged_products")))
