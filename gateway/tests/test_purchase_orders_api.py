"""Purchase orders and suppliers through the API, with the services faked by their contracts."""
PURCHASE_ORDER = {
    "idpurchaseorder": 12, "idfulfilment_customer": 7, "purchaseorderid": "PO2026000012", "idsupplier": 3,
    "supplier_name": "Hanse Textiel", "supplier_orderid": "HT-881", "idwarehouse": None, "status": "concept",
    "changeable_by_client": True, "remarks": None, "delivery_date": "2026-12-24", "created_by": "API key shop",
    "created": "2026-12-01T10:00:00+00:00", "updated": "2026-12-01T10:00:00+00:00", "purchased": None,
    "completed": None,
    "products": [{"idpurchaseorder_product": 40, "idproduct": 5, "productcode": "MUG-1", "name": "Mug", "amount": 20,
                  "amountreceived": 0, "amount_expected": 20}],
    "receipts": [],
    "history": [{"changed_by": "API key shop", "change": "created", "created_at": "2026-12-01T10:00:00+00:00"}]}
BODY = {"idsupplier": 3, "products": [{"productcode": "MUG-1", "amount": 20}]}


def test_customer_key_creates_a_purchase_order_for_its_own_client_only(client, rpc, customer_headers):
    rpc.answer("purchasing", "create_purchase_order", {"purchase_order": PURCHASE_ORDER, "created": True})
    response = client.post("/api/v1/purchaseorders", json=BODY, headers={**customer_headers, "Idempotency-Key": "k-1"})
    assert response.status_code == 201
    assert (response.get_json()["created"], response.get_json()["history"][0]["created_at"]) == (
        "2026-12-01 10:00:00", "2026-12-01 10:00:00")
    assert rpc.calls[-1] == ("purchasing", "create_purchase_order", (7, BODY, "API key shop", "k-1"))
    refused = client.post("/api/v1/purchaseorders", json={**BODY, "idfulfilment_customer": 8}, headers=customer_headers)
    assert refused.status_code == 403


def test_operator_creates_one_for_the_client_it_names(client, rpc, operator_headers):
    rpc.answer("purchasing", "create_purchase_order", {"purchase_order": PURCHASE_ORDER, "created": False})
    assert client.post("/api/v1/purchaseorders", json=BODY, headers=operator_headers).status_code == 400
    response = client.post("/api/v1/purchaseorders", json={**BODY, "idfulfilment_customer": 7}, headers=operator_headers)
    assert response.status_code == 200  # made before, by the same key
    assert rpc.calls[-1] == ("purchasing", "create_purchase_order", (7, BODY, "API key warehouse", None))


def test_lines_change_through_the_order_of_the_keys_client(client, rpc, operator_headers):
    rpc.answer("purchasing", "get_purchase_order_of_any_customer", PURCHASE_ORDER)
    for method in ("add_purchase_order_line", "change_purchase_order_line", "remove_purchase_order_line",
                   "mark_purchase_order_purchased", "cancel_purchase_order", "update_purchase_order"):
        rpc.answer("purchasing", method, PURCHASE_ORDER)
    assert client.post("/api/v1/purchaseorders/12/products", json={"idproduct": 5, "amount": 2},
                       headers=operator_headers).status_code == 201
    assert client.put("/api/v1/purchaseorders/12/products/40", json={"amount": 3}, headers=operator_headers).status_code == 200
    assert client.delete("/api/v1/purchaseorders/12/products/40", headers=operator_headers).status_code == 200
    assert client.post("/api/v1/purchaseorders/12/mark-as-purchased", headers=operator_headers).status_code == 200
    assert client.post("/api/v1/purchaseorders/12/cancel", headers=operator_headers).status_code == 200
    assert client.put("/api/v1/purchaseorders/12", json={"remarks": "x"}, headers=operator_headers).status_code == 200
    changes = [call for call in rpc.calls if call[1] not in ("authenticate_api_key", "get_purchase_order_of_any_customer")]
    assert changes == [
        ("purchasing", "add_purchase_order_line", (7, 12, {"idproduct": 5, "amount": 2}, "API key warehouse")),
        ("purchasing", "change_purchase_order_line", (7, 12, 40, 3, "API key warehouse")),
        ("purchasing", "remove_purchase_order_line", (7, 12, 40, "API key warehouse")),
        ("purchasing", "mark_purchase_order_purchased", (7, 12, "API key warehouse")),
        ("purchasing", "cancel_purchase_order", (7, 12, "API key warehouse")),
        ("purchasing", "update_purchase_order", (7, 12, {"remarks": "x"}, "API key warehouse"))]


def test_a_change_after_the_first_receipt_is_refused_with_the_reason(client, rpc, customer_headers):
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    reason = "The warehouse has received goods of this purchase order; it can no longer be changed or cancelled."
    rpc.answer("purchasing", "cancel_purchase_order", error=("PurchaseOrderLocked", reason))
    response = client.post("/api/v1/purchaseorders/12/cancel", headers=customer_headers)
    assert response.status_code == 409
    assert response.get_json() == {"error": True, "error_code": 21, "error_message": reason}


def test_another_clients_purchase_order_is_not_found(client, rpc, customer_headers):
    rpc.answer("purchasing", "get_purchase_order", error=("PurchaseOrderNotFound", "purchase order 12 not found"))
    for response in (client.get("/api/v1/purchaseorders/12", headers=customer_headers),
                     client.post("/api/v1/purchaseorders/12/cancel", headers=customer_headers)):
        assert response.status_code == 404 and response.get_json()["error_code"] == 20
    assert not any(call[1] == "cancel_purchase_order" for call in rpc.calls)


def test_placing_without_a_warehouse_for_purchase_orders_says_so(client, rpc, customer_headers):
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    rpc.answer("purchasing", "mark_purchase_order_purchased",
               error=("NoPurchaseOrderWarehouse", "No warehouse for purchase orders has been set for you yet."))
    response = client.post("/api/v1/purchaseorders/12/mark-as-purchased", headers=customer_headers)
    assert response.status_code == 400 and "No warehouse" in response.get_json()["error_message"]


def test_lists_pass_filters_and_pages(client, rpc, customer_headers):
    rpc.answer("purchasing", "list_purchase_orders", [PURCHASE_ORDER])
    response = client.get("/api/v1/purchaseorders?status=concept&idsupplier=3&offset=100", headers=customer_headers)
    assert response.status_code == 200 and response.get_json()[0]["purchaseorderid"] == "PO2026000012"
    assert rpc.calls[-1] == ("purchasing", "list_purchase_orders", (7, 100, {"status": "concept", "idsupplier": 3}))
    assert client.get("/api/v1/purchaseorders?idsupplier=x", headers=customer_headers).status_code == 400


SUPPLIER = {"idsupplier": 3, "idfulfilment_customer": 7, "name": "Hanse Textiel", "contactname": None,
            "telephone": None, "emailaddress": None, "remarks": None, "created": "2026-12-01T10:00:00+00:00",
            "updated": "2026-12-01T10:00:00+00:00"}


def test_a_customer_key_adds_suppliers_to_its_own_list(client, rpc, customer_headers):
    rpc.answer("purchasing", "create_supplier", SUPPLIER)
    created = client.post("/api/v1/suppliers", json={"name": "Hanse Textiel"}, headers=customer_headers)
    assert created.status_code == 201 and created.get_json()["created"] == "2026-12-01 10:00:00"
    assert rpc.calls[-1] == ("purchasing", "create_supplier", (7, {"name": "Hanse Textiel"}))


def test_an_operator_key_names_whose_suppliers(client, rpc, operator_headers):
    rpc.answer("purchasing", "list_suppliers", [SUPPLIER])
    assert client.get("/api/v1/suppliers", headers=operator_headers).status_code == 400
    assert client.get("/api/v1/suppliers?idfulfilment_customer=7", headers=operator_headers).status_code == 200
    assert rpc.calls[-1] == ("purchasing", "list_suppliers", (7, 0))
