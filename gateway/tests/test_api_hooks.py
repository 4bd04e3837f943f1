"""/api/v1/hooks: whose hooks each key reaches; the services' side is accounts' (its tests)."""
from gateway_fakes import CUSTOMER_7, OPERATOR, basic_auth

HOOK = {"idhook": 3, "idfulfilment_customer": 7, "name": "ERP", "event": "orders.created",
        "address": "https://erp.test/in", "secret": True, "active": True, "failures": 0, "deactivated_reason": None,
        "created_at": "2026-12-01T07:00:00+00:00"}


def test_a_customer_key_registers_and_reads_its_own_clients_hooks(client, rpc, customer_headers):
    rpc.answer("accounts", "create_hook", HOOK)
    rpc.answer("accounts", "get_hook", HOOK)
    body = {"name": "ERP", "event": "orders.created", "address": "https://erp.test/in", "secret": "s"}
    created = client.post("/api/v1/hooks", json=body, headers=customer_headers)
    assert created.status_code == 201 and created.get_json()["created_at"] == "2026-12-01 07:00:00"
    assert client.get("/api/v1/hooks/3", headers=customer_headers).status_code == 200
    assert ("accounts", "create_hook", (7, body)) in rpc.calls and ("accounts", "get_hook", (7, 3)) in rpc.calls


def test_an_operator_key_registers_its_own_hook_or_one_clients_and_reaches_every_hook(client, rpc, operator_headers):
    rpc.answer("accounts", "create_hook", {**HOOK, "idfulfilment_customer": None})
    rpc.answer("accounts", "get_hook_of_any_customer", HOOK)
    rpc.answer("accounts", "reactivate_hook", HOOK)
    rpc.answer("accounts", "list_hooks_of_all_customers", [HOOK])
    client.post("/api/v1/hooks", json={"name": "WMS", "event": "orders.completed", "address": "https://wms.test"},
                headers=operator_headers)
    client.post("/api/v1/hooks", json={"name": "WMS", "event": "orders.completed", "address": "https://wms.test",
                                       "idfulfilment_customer": 7}, headers=operator_headers)
    assert [call[2][0] for call in rpc.calls if call[1] == "create_hook"] == [None, 7]
    assert client.get("/api/v1/hooks", headers=operator_headers).get_json()[0]["idhook"] == 3
    assert client.post("/api/v1/hooks/3/reactivate", headers=operator_headers).status_code == 200
    assert ("accounts", "reactivate_hook", (7, 3)) in rpc.calls  # the hook's own client, from the hook


def test_deleting_a_hook_deactivates_it_and_answers_no_content(client, rpc, customer_headers):
    rpc.answer("accounts", "get_hook", HOOK)
    rpc.answer("accounts", "deactivate_hook", {**HOOK, "active": False})
    response = client.delete("/api/v1/hooks/3", headers=customer_headers)
    assert response.status_code == 204 and ("accounts", "deactivate_hook", (7, 3)) in rpc.calls


def test_a_key_limited_to_some_warehouses_gets_no_hooks(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "warehouse_ids": [1]})
    headers = basic_auth("limited-key")
    assert client.get("/api/v1/hooks", headers=headers).status_code == 403
    response = client.post("/api/v1/hooks", json={"name": "x", "event": "orders.created", "address": "https://x.test"},
                           headers=headers)
    assert response.status_code == 403 and not [call for call in rpc.calls if call[1] == "create_hook"]


def test_an_operator_key_limited_to_some_scopes_hears_only_of_those(client, rpc, operator_headers):
    rpc.answer("accounts", "authenticate_api_key", {**OPERATOR, "scopes": ["orders"]})
    rpc.answer("accounts", "create_hook", HOOK)
    body = {"name": "x", "address": "https://x.test"}
    assert client.post("/api/v1/hooks", json={**body, "event": "orders.completed"}, headers=operator_headers).status_code == 201
    refused = client.post("/api/v1/hooks", json={**body, "event": "products.free_stock_changed"}, headers=operator_headers)
    assert refused.status_code == 403 and "stock" in refused.get_json()["error_message"]
