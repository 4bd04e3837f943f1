"""/api/v1/stocktransfers: goods a client sends from its own location to the warehouse (its
warehouse for purchase orders), as Orderhive's stock transfers; Picqer has none. A transfer is
`to_ship` until the client or the warehouse marks it received (per line, possibly short) or it is
cancelled. A transfer the client made (portal or customer key) is changed and cancelled only by
the client; operator keys receive it."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, is_operator, required_customer
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, offset_argument, optional_json_body, with_picqer_times
from gateway.stock_transfer_pdf import stock_transfer_pdf_response
from gateway.warehouse_scope import in_scope, with_warehouse_scope

FILTERS = ("status", "created_by", "search")


def present_stock_transfer(transfer: dict) -> dict:
    return with_picqer_times(transfer, "created", "updated", "received", "cancelled")


def _key_stock_transfer(transfer_id: int) -> dict:
    """The transfer, if this key may see it (its client's, to a warehouse the key's maker sees);
    404 otherwise."""
    purchasing = rpc_client().purchasing
    transfer = for_key_scope(purchasing.get_stock_transfer, purchasing.get_stock_transfer_of_any_customer, transfer_id)
    if not in_scope(transfer["idwarehouse"]):
        raise ApiError(404, f"stock transfer {transfer_id} not found")
    return transfer


def _who() -> str:
    return f"API key {g.api_key['name']}"


@blueprint.post("/stocktransfers")
def create_stock_transfer():
    """A transfer to ship: `{"origin": "Shop Utrecht", "expected_date": "2026-12-10", "remarks": "",
    "products": [{"productcode": "MUG-1", "amount": 20}]}` → 201. The same `Idempotency-Key`
    header again answers 200 with the transfer made before."""
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    result = rpc_client().purchasing.create_stock_transfer(customer_id, body, _who(), not is_operator(),
                                                           request.headers.get("Idempotency-Key"))
    return present_stock_transfer(result["stock_transfer"]), 201 if result["created"] else 200


@blueprint.get("/stocktransfers")
def list_stock_transfers():
    """Newest first, 100 a page: `?status=to_ship&created_by=anna&search=MUG&offset=0`."""
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    purchasing = rpc_client().purchasing
    rows = for_key_scope(purchasing.list_stock_transfers, purchasing.list_stock_transfers_of_all_customers,
                         offset_argument(), with_warehouse_scope(filters))
    return [present_stock_transfer(row) for row in rows]


@blueprint.get("/stocktransfers/<int:transfer_id>")
def get_stock_transfer(transfer_id: int):
    return present_stock_transfer(_key_stock_transfer(transfer_id))


def _customer_of(transfer_id: int) -> int:
    return _key_stock_transfer(transfer_id)["idfulfilment_customer"]


@blueprint.put("/stocktransfers/<int:transfer_id>")
def update_stock_transfer(transfer_id: int):
    """Change `origin`, `expected_date`, `remarks`, or replace the lines with `products`, while
    it is to ship (403 for an operator key on a transfer the client made)."""
    changed = rpc_client().purchasing.update_stock_transfer(_customer_of(transfer_id), transfer_id, json_body(),
                                                            not is_operator())
    return present_stock_transfer(changed)


@blueprint.post("/stocktransfers/<int:transfer_id>/receive")
def receive_stock_transfer(transfer_id: int):
    """Mark it received: `{"products": [{"productcode": "MUG-1", "amount": 18}]}`; a line not
    named arrived in full, a short one keeps the difference (`amount_difference`)."""
    received = rpc_client().purchasing.receive_stock_transfer(_customer_of(transfer_id), transfer_id,
                                                              optional_json_body(), _who(),
                                                              g.api_key.get("made_by_user_id"))
    return present_stock_transfer(received)


@blueprint.post("/stocktransfers/<int:transfer_id>/cancel")
def cancel_stock_transfer(transfer_id: int):
    cancelled = rpc_client().purchasing.cancel_stock_transfer(_customer_of(transfer_id), transfer_id,
                                                              not is_operator())
    return present_stock_transfer(cancelled)


@blueprint.get("/stocktransfers/<int:transfer_id>/pdf")
def stock_transfer_pdf_document(transfer_id: int):
    """The transfer as an A4 PDF with its number as a Code 128 barcode, for the boxes."""
    transfer = _key_stock_transfer(transfer_id)
    customer = rpc_client().accounts.get_customer(transfer["idfulfilment_customer"])
    return stock_transfer_pdf_response(transfer, customer["name"])
