"""Stock transfers through the API, with purchasing faked by its contract: who made one decides
who may change it; both sides receive; a key limited to some warehouses sees transfers to those."""
from gateway_fakes import CUSTOMER_7, basic_auth

TRANSFER = {
    "idstocktransfer": 5, "idfulfilment_customer": 7, "stocktransferid": "ST2026000005", "idwarehouse": 2,
    "status": "to_ship", "origin": "Shop Utrecht", "expected_date": "2026-12-10", "remarks": None,
    "created_by": "anna", "created_by_client": True, "created": "2026-12-01T10:00:00+00:00",
    "updated": "2026-12-01T10:00:00+00:00", "received_by": None, "received": None, "cancelled": None,
    "stock_status": None,
    "products": [{"idstocktransfer_product": 8, "idproduct": 5, "productcode": "MUG-1", "name": "Mug", "amount": 10,
                  "amount_received": None, "amount_difference": None}]}
BODY = {"origin": "Shop Utrecht", "products": [{"productcode": "MUG-1", "amount": 10}]}


def test_a_customer_key_makes_a_transfer_as_the_client(client, rpc, customer_headers):
    rpc.answer("purchasing", "create_stock_transfer", {"stock_transfer": TRANSFER, "created": True})
    response = client.post("/api/v1/stocktransfers", json=BODY, headers={**customer_headers, "Idempotency-Key": "b-1"})
    assert (response.status_code, response.get_json()["created"]) == (201, "2026-12-01 10:00:00")
    assert rpc.calls[-1] == ("purchasing", "create_stock_transfer", (7, BODY, "API key shop", True, "b-1"))
    refused = client.post("/api/v1/stocktransfers", json={**BODY, "idfulfilment_customer": 8}, headers=customer_headers)
    assert refused.status_code == 403


def test_the_operator_names_the_client_and_acts_as_the_warehouse(client, rpc, operator_headers):
    rpc.answer("purchasing", "create_stock_transfer", {"stock_transfer": TRANSFER, "created": True})
    assert client.post("/api/v1/stocktransfers", json=BODY, headers=operator_headers).status_code == 400
    client.post("/api/v1/stocktransfers", json={**BODY, "idfulfilment_customer": 7}, headers=operator_headers)
    assert rpc.calls[-1] == ("purchasing", "create_stock_transfer", (7, BODY, "API key warehouse", False, None))
    rpc.answer("purchasing", "get_stock_transfer_of_any_customer", TRANSFER)
    reason = "The client made this stock transfer: only the client changes or cancels it."
    rpc.answer("purchasing", "cancel_stock_transfer", error=("StockTransferMadeByClient", reason))
    response = client.post("/api/v1/stocktransfers/5/cancel", headers=operator_headers)
    assert (response.status_code, response.get_json()) == (403, {"error": True, "error_code": 146,
                                                                 "error_message": reason})
    rpc.answer("purchasing", "receive_stock_transfer", {**TRANSFER, "status": "received"})
    received = client.post("/api/v1/stocktransfers/5/receive", json={"products": [{"idproduct": 5, "amount": 9}]},
                           headers=operator_headers)
    assert (received.status_code, received.get_json()["status"]) == (200, "received")
    assert rpc.calls[-1] == ("purchasing", "receive_stock_transfer",
                             (7, 5, {"products": [{"idproduct": 5, "amount": 9}]}, "API key warehouse", None))


def test_a_key_a_portal_user_made_receives_as_that_user_for_the_stock_history(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "made_by_user_id": 4})
    rpc.answer("purchasing", "get_stock_transfer", TRANSFER)
    rpc.answer("purchasing", "receive_stock_transfer", {**TRANSFER, "status": "received"})
    assert client.post("/api/v1/stocktransfers/5/receive", headers=basic_auth("made-by-anna")).status_code == 200
    assert rpc.calls[-1] == ("purchasing", "receive_stock_transfer", (7, 5, {}, "API key shop", 4))


def test_lists_filter_by_creator_and_a_foreign_transfer_is_404(client, rpc, customer_headers):
    rpc.answer("purchasing", "list_stock_transfers", [TRANSFER])
    assert client.get("/api/v1/stocktransfers?created_by=anna&status=to_ship&offset=100",
                      headers=customer_headers).get_json()[0]["stocktransferid"] == "ST2026000005"
    assert rpc.calls[-1] == ("purchasing", "list_stock_transfers", (7, 100, {"status": "to_ship", "created_by": "anna"}))
    rpc.answer("purchasing", "get_stock_transfer", error=("StockTransferNotFound", "stock transfer 6 not found"))
    assert client.get("/api/v1/stocktransfers/6", headers=customer_headers).status_code == 404
    assert client.put("/api/v1/stocktransfers/6", json={"remarks": "x"}, headers=customer_headers).status_code == 404
    assert not any(call[1] == "update_stock_transfer" for call in rpc.calls)


def test_changing_a_received_transfer_says_why(client, rpc, customer_headers):
    rpc.answer("purchasing", "get_stock_transfer", TRANSFER)
    reason = "The stock transfer has been received; it can no longer be changed or cancelled."
    rpc.answer("purchasing", "update_stock_transfer", error=("StockTransferLocked", reason))
    response = client.put("/api/v1/stocktransfers/5", json={"remarks": "x"}, headers=customer_headers)
    assert (response.status_code, response.get_json()["error_message"]) == (409, reason)
    assert rpc.calls[-1] == ("purchasing", "update_stock_transfer", (7, 5, {"remarks": "x"}, True))


def test_a_key_of_a_user_limited_to_some_warehouses_sees_transfers_to_those_only(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "warehouse_ids": [1]})
    headers = basic_auth("limited-key")
    rpc.answer("purchasing", "list_stock_transfers", [])
    client.get("/api/v1/stocktransfers", headers=headers)
    assert rpc.calls[-1] == ("purchasing", "list_stock_transfers", (7, 0, {"idwarehouses": [1]}))
    rpc.answer("purchasing", "get_stock_transfer", TRANSFER)  # to warehouse 2
    for method, path in (("get", ""), ("put", ""), ("post", "/receive"), ("post", "/cancel"), ("get", "/pdf")):
        response = getattr(client, method)(f"/api/v1/stocktransfers/5{path}", headers=headers, json={})
        assert response.status_code == 404, path
    assert not [call for call in rpc.calls if call[1] in ("update_stock_transfer", "receive_stock_transfer",
                                                          "cancel_stock_transfer")]
