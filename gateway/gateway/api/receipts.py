"""Receipts: the warehouse registers goods received against a purchase order (operator keys),
per line and partly, several per purchase order; clients read them. Each receipt's stock is
booked in catalog right after it is registered ("processing" until then, "completed" after)."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, refuse_unknown_arguments, require_operator
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times
from gateway.api.errors import ApiError
from gateway.api.purchase_orders import key_purchase_order
from gateway.warehouse_scope import in_scope, with_warehouse_scope


def present_receipt(receipt: dict) -> dict:
    return with_picqer_times(receipt, "created", "completed_at")


@blueprint.post("/purchaseorders/<int:purchase_order_id>/receipts")
def receive_purchase_order(purchase_order_id: int):
    """The warehouse received goods (operator key): `{"products": [{"idpurchaseorder_product": 40,
    "amount": 6}], "remarks": "pallet 1 of 2"}` → 201. More than still expected only with
    `"allow_over_receipt": true`. The same `Idempotency-Key` header answers 200 with the receipt
    made before."""
    require_operator()
    customer_id = key_purchase_order(purchase_order_id)["idfulfilment_customer"]
    result = rpc_client().purchasing.receive_purchase_order(customer_id, purchase_order_id, json_body(),
                                                            f"API key {g.api_key['name']}",
                                                            request.headers.get("Idempotency-Key"))
    return present_receipt(result["receipt"]), 201 if result["created"] else 200


def _receipts(filters: dict) -> list[dict]:
    """A key limited to some warehouses sees what was received in those."""
    purchasing = rpc_client().purchasing
    rows = for_key_scope(purchasing.list_receipts, purchasing.list_receipts_of_all_customers, offset_argument(),
                         with_warehouse_scope(filters))
    return [present_receipt(row) for row in rows]


@blueprint.get("/purchaseorders/<int:purchase_order_id>/receipts")
def purchase_order_receipts(purchase_order_id: int):
    key_purchase_order(purchase_order_id)  # 404 unless this key may see it
    return _receipts({"idpurchaseorder": purchase_order_id})


@blueprint.get("/receipts")
def list_receipts():
    """Receipts, newest first, 100 a page; any argument but `offset` is refused."""
    refuse_unknown_arguments()
    return _receipts({})


@blueprint.get("/receipts/<int:receipt_id>")
def get_receipt(receipt_id: int):
    purchasing = rpc_client().purchasing
    receipt = for_key_scope(purchasing.get_receipt, purchasing.get_receipt_of_any_customer, receipt_id)
    if not in_scope(receipt["idwarehouse"]):
        raise ApiError(404, f"receipt {receipt_id} not found")
    return present_receipt(receipt)
