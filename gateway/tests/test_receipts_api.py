"""Receipts through the API: the warehouse registers them; clients read their own."""
from test_purchase_orders_api import PURCHASE_ORDER

RECEIPT = {"idreceipt": 3, "idfulfilment_customer": 7, "receiptid": "R2026000003", "idpurchaseorder": 12,
           "purchaseorderid": "PO2026000012", "supplier_name": "Hanse Textiel", "idwarehouse": 2,
           "status": "completed", "remarks": None, "amount_received": 4, "amount_received_excessive": 0,
           "created_by": "API key warehouse", "created": "2026-12-01T11:00:00+00:00",
           "completed_at": "2026-12-01T11:00:01+00:00",
           "products": [{"idreceipt_product": 9, "idpurchaseorder_product": 40, "idproduct": 5, "productcode": "MUG-1",
                         "name": "Mug", "amount": 4, "amount_excessive": 0}]}
BODY = {"products": [{"idpurchaseorder_product": 40, "amount": 4}]}


def test_the_warehouse_receives_for_the_purchase_orders_client(client, rpc, operator_headers):
    rpc.answer("purchasing", "get_purchase_order_of_any_customer", PURCHASE_ORDER)
    rpc.answer("purchasing", "receive_purchase_order", {"receipt": RECEIPT, "created": True})
    response = client.post("/api/v1/purchaseorders/12/receipts", json=BODY,
                           headers={**operator_headers, "Idempotency-Key": "pallet-1"})
    assert response.status_code == 201
    assert (response.get_json()["created"], response.get_json()["completed_at"]) == (
        "2026-12-01 11:00:00", "2026-12-01 11:00:01")
    assert rpc.calls[-1] == ("purchasing", "receive_purchase_order", (7, 12, BODY, "API key warehouse", "pallet-1"))


def test_a_client_cannot_register_receipts(client, rpc, customer_headers):
    response = client.post("/api/v1/purchaseorders/12/receipts", json=BODY, headers=customer_headers)
    assert response.status_code == 403
    assert not any(call[1] == "receive_purchase_order" for call in rpc.calls)


def test_receiving_on_a_cancelled_purchase_order_says_why(client, rpc, operator_headers):
    rpc.answer("purchasing", "get_purchase_order_of_any_customer", PURCHASE_ORDER)
    reason = "The purchase order has been cancelled; nothing can be received on it."
    rpc.answer("purchasing", "receive_purchase_order", error=("PurchaseOrderLocked", reason))
    response = client.post("/api/v1/purchaseorders/12/receipts", json=BODY, headers=operator_headers)
    assert response.status_code == 409 and response.get_json()["error_message"] == reason


def test_a_client_reads_its_receipts(client, rpc, customer_headers):
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    rpc.answer("purchasing", "list_receipts", [RECEIPT])
    rpc.answer("purchasing", "get_receipt", RECEIPT)
    assert client.get("/api/v1/purchaseorders/12/receipts", headers=customer_headers).get_json()[0]["idreceipt"] == 3
    assert rpc.calls[-1] == ("purchasing", "list_receipts", (7, 0, {"idpurchaseorder": 12}))
    assert client.get("/api/v1/receipts?offset=100", headers=customer_headers).status_code == 200
    assert rpc.calls[-1] == ("purchasing", "list_receipts", (7, 100, {}))
    assert client.get("/api/v1/receipts/3", headers=customer_headers).get_json()["receiptid"] == "R2026000003"
    rpc.answer("purchasing", "get_receipt", error=("ReceiptNotFound", "receipt 4 not found"))
    assert client.get("/api/v1/receipts/4", headers=customer_headers).status_code == 404
