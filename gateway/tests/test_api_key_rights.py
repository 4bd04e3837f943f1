"""An API key does only what it may: a customer key changes products, orders and purchase
orders only with its maker's permissions; an operator key limited to scopes uses only those."""
from gateway_fakes import CUSTOMER_7, OPERATOR, basic_auth

from gateway.api.key_rights import SCOPE_OF_MODULE

PRODUCT = {"idproduct": 5, "idfulfilment_customer": 7, "productcode": "P-1", "name": "Mug", "stock": [],
           "created_at": "2026-11-23T10:00:00+00:00", "updated_at": "2026-11-23T10:00:00+00:00"}


def key(rpc, identity) -> dict:
    rpc.answer("accounts", "authenticate_api_key", identity)
    return basic_auth("some-key")


def test_a_customer_key_without_products_permission_reads_but_does_not_change_products(client, rpc):
    headers = key(rpc, {**CUSTOMER_7, "permissions": ["ordering", "users"]})
    rpc.answer("catalog", "list_products", [PRODUCT])
    assert client.get("/api/v1/products", headers=headers).status_code == 200
    for method, path in (("post", "/api/v1/products"), ("put", "/api/v1/products/5"),
                         ("post", "/api/v1/products/5/images"), ("delete", "/api/v1/products/5/images/1")):
        response = getattr(client, method)(path, headers=headers, json={"productcode": "X", "name": "X"})
        assert response.status_code == 403, path
        assert "products" in response.get_json()["error_message"]
    assert not [call for call in rpc.calls if call[1] in ("create_product", "update_product", "add_product_image")]


def test_a_customer_key_needs_ordering_to_place_orders_and_purchasing_for_purchase_orders(client, rpc):
    headers = key(rpc, {**CUSTOMER_7, "permissions": ["products"]})
    assert client.post("/api/v1/orders", headers=headers, json={}).status_code == 403
    assert client.post("/api/v1/purchaseorders", headers=headers, json={}).status_code == 403
    assert client.post("/api/v1/suppliers", headers=headers, json={}).status_code == 403


def test_an_operator_key_limited_to_scopes_uses_only_those(client, rpc):
    headers = key(rpc, {**OPERATOR, "scopes": ["purchasing"]})
    rpc.answer("purchasing", "list_purchase_orders_of_all_customers", [])
    assert client.get("/api/v1/purchaseorders", headers=headers).status_code == 200
    for path in ("/api/v1/products", "/api/v1/fulfilment/customers", "/api/v1/orders", "/api/v1/stockhistory"):
        response = client.get(path, headers=headers)
        assert response.status_code == 403 and "limited to: purchasing" in response.get_json()["error_message"], path


def test_every_part_of_the_api_belongs_to_a_scope(app):
    modules = {app.view_functions[rule.endpoint].__module__.rsplit(".", 1)[-1]
               for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    assert modules <= set(SCOPE_OF_MODULE), sorted(modules - set(SCOPE_OF_MODULE))


def test_a_key_of_a_user_limited_to_some_warehouses_sees_only_those(client, rpc):
    headers = key(rpc, {**CUSTOMER_7, "warehouse_ids": [1]})
    stock = [{"idwarehouse": 1, "stock": 5, "reserved": 0, "freestock": 5},
             {"idwarehouse": 2, "stock": 9, "reserved": 0, "freestock": 9}]
    rpc.answer("catalog", "get_product", {**PRODUCT, "stock": stock, "freestock": 14})
    product = client.get("/api/v1/products/5", headers=headers).get_json()
    assert [level["idwarehouse"] for level in product["stock"]] == [1] and product["freestock"] == 5
    assert client.get("/api/v1/products/5/stock/2", headers=headers).status_code == 404
    rpc.answer("orders", "list_orders", [])
    client.get("/api/v1/orders", headers=headers)
    assert [call for call in rpc.calls if call[1] == "list_orders"][-1][2][2]["idwarehouses"] == [1]
    rpc.answer("orders", "get_order", {"idorder": 8, "idfulfilment_customer": 7, "idwarehouse": 2})
    assert client.get("/api/v1/orders/8", headers=headers).status_code == 404


def test_a_key_limited_to_some_warehouses_reads_only_their_receipts_and_picklists(client, rpc):
    headers = key(rpc, {**CUSTOMER_7, "warehouse_ids": [1]})
    for service, method, path in (("purchasing", "list_receipts", "/api/v1/receipts"),
                                  ("orders", "list_picklists", "/api/v1/picklists")):
        rpc.answer(service, method, [])
        assert client.get(path, headers=headers).status_code == 200
        assert [call for call in rpc.calls if call[1] == method][-1][2][2]["idwarehouses"] == [1], path
    rpc.answer("purchasing", "get_receipt", {"idreceipt": 3, "idwarehouse": 2, "created": "2026-11-23T10:00:00+00:00"})
    assert client.get("/api/v1/receipts/3", headers=headers).status_code == 404
    rpc.answer("orders", "get_picklist", {"idpicklist": 4, "idwarehouse": 2, "created": "2026-11-23T10:00:00+00:00"})
    assert client.get("/api/v1/picklists/4", headers=headers).status_code == 404
    assert client.get("/api/v1/picklists/4/shipments", headers=headers).status_code == 404


def test_an_operator_key_limited_to_a_warehouse_cannot_pick_or_ship_elsewhere(client, rpc):
    headers = key(rpc, {**OPERATOR, "warehouse_ids": [1]})
    rpc.answer("orders", "get_picklist_of_any_customer",
               {"idpicklist": 4, "idfulfilment_customer": 7, "idwarehouse": 2, "created": "2026-11-23T10:00:00+00:00"})
    for path in ("pickall", "close", "shipments"):
        assert client.post(f"/api/v1/picklists/4/{path}", headers=headers, json={}).status_code == 404, path
    assert not [call for call in rpc.calls if call[1] in ("pick_all_picklist_products", "close_picklist", "create_shipment")]


def test_filters_the_picklist_list_does_not_apply_are_refused(client, rpc):
    headers = key(rpc, CUSTOMER_7)
    response = client.get("/api/v1/picklists?idcustomer=3", headers=headers)
    assert response.status_code == 400 and "idcustomer: not a filter" in response.get_json()["error_message"]
    response = client.get("/api/v1/receipts?idproduct=3", headers=headers)
    assert response.status_code == 400
