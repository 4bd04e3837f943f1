"""Returns through the API, with the orders service faked by its contract."""
RETURN = {"idreturn": 7, "returnid": "R2026000007", "idfulfilment_customer": 7, "idorder": 31, "orderid": "2026000031",
          "status": "announced", "reference": "RMA-1", "tracking_code": None, "received_at": None, "restock": "not asked",
          "idorder_replacement": None, "name": "Jan Jansen", "created_by": "API key shop",
          "created": "2026-11-23T17:00:00+00:00", "updated": "2026-11-23T17:00:00+00:00",
          "returned_products": [{"idreturn_product": 1, "idorder_product": 3, "idproduct": 5, "productcode": "MUG-1",
                                 "name": "Mug", "amount": 1, "reason": "broken",
                                 "amount_damaged": 0}],
          "replacement_products": [],
          "history": [{"status": "announced", "changed_by": "API key shop", "note": None,
                       "created_at": "2026-11-23T17:00:00+00:00"}]}
BODY = {"idorder": 31, "returned_products": [{"productcode": "MUG-1", "amount": 1, "reason": "broken"}]}


def test_a_customer_key_registers_and_reads_its_returns(client, rpc, customer_headers):
    rpc.answer("orders", "register_return", RETURN)
    response = client.post("/api/v1/returns", json=BODY, headers=customer_headers)
    assert response.status_code == 201 and response.get_json()["history"][0]["created_at"] == "2026-11-23 17:00:00"
    assert rpc.calls[-1] == ("orders", "register_return", (7, BODY, "API key shop", None))
    client.post("/api/v1/returns", json=BODY, headers={**customer_headers, "Idempotency-Key": "rma-77"})
    assert rpc.calls[-1] == ("orders", "register_return", (7, BODY, "API key shop", "rma-77"))  # orders answers a retry
    rpc.answer("orders", "list_returns", [RETURN])
    client.get("/api/v1/returns?status=announced&offset=100", headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "list_returns", (7, 100, {"status": "announced"}))
    assert client.get("/api/v1/returns?iduser=3", headers=customer_headers).status_code == 400


def test_more_than_was_shipped_answers_400_with_the_reason(client, rpc, customer_headers):
    rpc.answer("orders", "register_return", error=("InvalidReturn", "returned_products.0: MUG-1 shipped 1 and 1 are "
                                                                     "returned already; 1 more is too many"))
    response = client.post("/api/v1/returns", json=BODY, headers=customer_headers)
    assert response.status_code == 400 and "too many" in response.get_json()["error_message"]


def test_a_customer_key_cannot_move_a_return_on(client, customer_headers):
    assert client.post("/api/v1/returns/7/status", json={"status": "received"}, headers=customer_headers).status_code == 403


def test_the_warehouse_moves_a_return_on(client, rpc, operator_headers):
    rpc.answer("orders", "get_return_of_any_customer", RETURN)
    rpc.answer("orders", "change_return_status", {**RETURN, "status": "received"})
    response = client.post("/api/v1/returns/7/status", json={"status": "received", "note": "dented"},
                           headers=operator_headers)
    assert response.status_code == 200 and response.get_json()["status"] == "received"
    assert rpc.calls[-1] == ("orders", "change_return_status", (7, 7, "received", "API key warehouse", "dented", None))


def test_another_customers_return_is_a_404(client, rpc, customer_headers):
    rpc.answer("orders", "get_return", error=("ReturnNotFound", "return 7 not found"))
    response = client.get("/api/v1/returns/7", headers=customer_headers)
    assert response.status_code == 404 and response.get_json()["error_code"] == 20
