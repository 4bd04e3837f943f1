import pytest

from gateway.api.picqer_format import picqer_time

CUSTOMER = {"idfulfilment_customer": 7, "name": "Acme BV", "can_login": True, "username": "anna",
            "language": "nl", "idtemplate": None, "last_login_at": "2026-11-23T16:20:05.123+00:00",
            "allowed_shipping_profiles": [], "preferred_idwarehouse": None}


def error_body(status: int, message: str | None = None):
    def check(response):
        body = response.get_json()
        assert response.status_code == status and body["error"] is True
        assert isinstance(body["error_code"], int) and body["error_message"]
        if message:
            assert message in body["error_message"]
    return check


def test_picqer_time_is_utc_without_t_and_fraction():
    assert picqer_time("2026-11-23T17:20:05.123+01:00") == "2026-11-23 16:20:05"
    assert picqer_time(None) is None


def test_request_without_key_is_refused_in_picqer_error_shape(client):
    error_body(401, "API key")(client.get("/api/v1/products"))


def test_unknown_key_is_refused(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", error=("InvalidApiKey", "Invalid API key."))
    error_body(401, "Invalid API key")(client.get("/api/v1/products", headers={"Authorization": "Basic eDo="}))


def test_operator_lists_customers_with_picqer_times(client, rpc, operator_headers):
    rpc.answer("accounts", "list_customers", [CUSTOMER])
    response = client.get("/api/v1/fulfilment/customers", headers=operator_headers)
    assert response.status_code == 200
    assert response.get_json()[0]["last_login_at"] == "2026-11-23 16:20:05"
    assert ("accounts", "list_customers", (0,)) in rpc.calls


def test_customers_are_paged_by_offset(client, rpc, operator_headers):
    rpc.answer("accounts", "list_customers", [])
    client.get("/api/v1/fulfilment/customers?offset=100", headers=operator_headers)
    assert ("accounts", "list_customers", (100,)) in rpc.calls
    error_body(400, "offset")(client.get("/api/v1/fulfilment/customers?offset=-1", headers=operator_headers))


def test_operator_creates_customer_and_gets_201(client, rpc, operator_headers):
    rpc.answer("accounts", "create_customer", CUSTOMER)
    response = client.post("/api/v1/fulfilment/customers", json={"name": "Acme BV"}, headers=operator_headers)
    assert response.status_code == 201 and response.get_json()["idfulfilment_customer"] == 7


def test_validation_error_from_service_is_a_400_naming_the_field(client, rpc, operator_headers):
    rpc.answer("accounts", "create_customer", error=("InvalidCustomer", "name: Missing data for required field."))
    error_body(400, "name:")(client.post("/api/v1/fulfilment/customers", json={}, headers=operator_headers))


def test_body_that_is_not_json_is_refused_with_picqers_code(client, operator_headers):
    response = client.post("/api/v1/fulfilment/customers", data="nonsense",
                           headers={**operator_headers, "Content-Type": "application/json"})
    assert (response.status_code, response.get_json()["error_code"]) == (400, 22)
    error_body(400, "JSON object")(client.post("/api/v1/fulfilment/customers", json=[1], headers=operator_headers))


@pytest.mark.parametrize("method,path", [("get", "/api/v1/fulfilment/customers"),
                                         ("get", "/api/v1/fulfilment/customers/7"),
                                         ("post", "/api/v1/fulfilment/customers")])
def test_customer_keys_cannot_manage_customers(client, customer_headers, method, path):
    error_body(403, "operator")(getattr(client, method)(path, json={"name": "x"}, headers=customer_headers))


def test_unknown_customer_is_404(client, rpc, operator_headers):
    rpc.answer("accounts", "get_customer", error=("CustomerNotFound", "customer 9 not found"))
    error_body(404)(client.get("/api/v1/fulfilment/customers/9", headers=operator_headers))


def test_unknown_api_path_answers_json_404(client):
    error_body(404)(client.get("/api/v1/nothing-here"))


def test_unexpected_service_error_is_500_without_details(client, rpc, operator_headers):
    rpc.answer("accounts", "list_customers", error=("KeyError", "secret internals"))
    response = client.get("/api/v1/fulfilment/customers", headers=operator_headers)
    error_body(500)(response)
    assert "secret" not in response.get_data(as_text=True)


def test_liveness_needs_no_service(client, rpc):
    assert client.get("/livez").get_json() == {"status": "alive"} and rpc.calls == []


def test_health_is_503_naming_the_service_that_is_down_to_the_operator_only(client, rpc, operator_headers):
    for service in ("accounts", "catalog", "orders", "purchasing", "webshop_gateway"):
        rpc.answer(service, "health", {"name": service, "version": "0.1.0", "database": "ok", "ok": True})
    assert client.get("/healthz").status_code == 200
    rpc.answer("catalog", "health", {"name": "catalog", "version": "0.1.0", "database": "unreachable", "ok": False})
    response = client.get("/healthz", headers=operator_headers)
    assert response.status_code == 503 and response.get_json()["services"]["catalog"]["database"] == "unreachable"
    public = client.get("/healthz")
    assert (public.status_code, public.get_json()) == (503, {"status": "unavailable"})


def test_health_gives_a_customer_key_only_up_or_down(client, rpc, customer_headers):
    for service in ("accounts", "catalog", "orders", "purchasing", "webshop_gateway"):
        rpc.answer(service, "health", {"name": service, "version": "0.1.0", "database": "ok", "ok": True})
    assert client.get("/healthz", headers=customer_headers).get_json() == {"status": "ok"}


def test_a_path_id_no_database_can_hold_matches_no_route(client, operator_headers, rpc):
    response = client.get("/api/v1/orders/999999999999999999999", headers=operator_headers)
    assert response.status_code == 404
    assert not [call for call in rpc.calls if call[0] == "orders"]


def test_nul_characters_are_refused_naming_the_field(client, operator_headers, rpc):
    search = client.get("/api/v1/products?search=a%00b", headers=operator_headers)
    assert (search.status_code, search.get_json()["error_message"]) == (400, "search: must not contain NUL characters.")
    body = client.post("/api/v1/orders", headers=operator_headers,
                       json={"reference": "R1", "products": [{"productcode": "A\x00", "amount": 1}]})
    assert (body.status_code, body.get_json()["error_message"]) == (
        400, "products.0.productcode: must not contain NUL characters.")
    assert not [call for call in rpc.calls if call[0] != "accounts"]


def test_a_value_a_service_cannot_store_answers_400(client, operator_headers, rpc):
    rpc.answer("orders", "get_order_of_any_customer",
               error=("InvalidValue", "A value cannot be stored or looked up: integer out of range."))
    response = client.get("/api/v1/orders/2147483647", headers=operator_headers)
    assert (response.status_code, response.get_json()["error_code"]) == (400, 2)


def test_ready_while_accounts_answers_whatever_the_other_services_do(client, rpc):
    rpc.answer("accounts", "health", {"name": "accounts", "version": "0.1.0", "database": "ok", "ok": True})
    response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ready"})
    assert [call[:2] for call in rpc.calls] == [("accounts", "health")]


def test_not_ready_when_accounts_cannot_be_reached_but_still_alive(client, rpc):
    rpc.answer("accounts", "health", error=("ServiceUnavailable", "accounts did not answer in time"))
    response = client.get("/readyz")
    assert (response.status_code, response.get_json()) == (503, {"status": "not ready"})
    assert client.get("/livez").status_code == 200
