"""Input that once reached a service and failed there (500) is refused at the door with a 4xx
and Picqer's error body; the portal shows its page instead of an error."""
import pytest

LISTS = ["/api/v1/products", "/api/v1/orders", "/api/v1/backorders", "/api/v1/stockhistory",
         "/api/v1/fulfilment/customers", "/api/v1/picklists", "/api/v1/purchaseorders"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", ["%C2%B2", "%E2%91%A0", str(2**63)])
def test_an_offset_that_is_not_an_ascii_whole_number_is_refused(client, operator_headers, path, offset):
    response = client.get(f"{path}?offset={offset}", headers=operator_headers)
    body = response.get_json()
    assert response.status_code == 400 and body["error"] is True and body["error_message"].startswith("offset:")


@pytest.mark.parametrize("query", ["idproduct=%C2%B2", "before=%C2%B3", "idwarehouse=%E2%91%A0", f"before={2**63}"])
def test_stock_history_numbers_must_be_ascii_whole_numbers(client, operator_headers, rpc, query):
    response = client.get(f"/api/v1/stockhistory?{query}", headers=operator_headers)
    assert response.status_code == 400 and response.get_json()["error_message"].startswith(query.split("=")[0])
    assert not [call for call in rpc.calls if call[0] == "catalog"]


@pytest.mark.parametrize("page", ["/fulfilmentportal/orders", "/fulfilmentportal/backorders",
                                  "/fulfilmentportal/products"])
def test_portal_lists_take_a_strange_offset_as_the_first_page(logged_in, rpc, page):
    rpc.answer("orders", "list_orders", [])
    rpc.answer("orders", "list_backorders", [])
    rpc.answer("catalog", "list_products", [])
    rpc.answer("catalog", "list_warehouses", [])
    for offset in ("%C2%B2", str(2**63)):
        assert logged_in.get(f"{page}?offset={offset}").status_code == 200
    assert all(call[2][1] == 0 for call in rpc.calls if call[1] in ("list_orders", "list_backorders"))


def test_portal_stock_history_ignores_strange_numbers(logged_in, rpc):
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main"}])
    rpc.answer("catalog", "list_stock_history", [])
    response = logged_in.get(f"/fulfilmentportal/stock-history?idwarehouse=%E2%91%A0&before={2**63}")
    assert response.status_code == 200
    assert [call[2][1]["idwarehouse"] for call in rpc.calls if call[1] == "list_stock_history"] == [None]


@pytest.mark.parametrize("body", ["[1]", '"x"', "5", "true"])
def test_processing_with_a_body_that_is_not_an_object_is_refused(client, operator_headers, rpc, body):
    response = client.post("/api/v1/orders/3/process", data=body, headers=operator_headers)
    assert (response.status_code, response.get_json()["error_code"]) == (400, 22)
    assert not [call for call in rpc.calls if call[0] == "orders"]


@pytest.mark.parametrize("body,field", [
    ('{"reference": "\\ud800", "products": []}', "reference"),
    ('{"products": [{"idproduct": 2147483648, "amount": 1}]}', "products.0.idproduct"),
    ('{"idfulfilment_customer": true, "reference": "R"}', "idfulfilment_customer"),
    ('{"idfulfilment_customer": -1, "reference": "R"}', "idfulfilment_customer"),
])
def test_values_no_service_can_store_are_refused_naming_the_field(client, operator_headers, rpc, body, field):
    response = client.post("/api/v1/orders", data=body, headers=operator_headers)
    assert response.status_code == 400 and response.get_json()["error_message"].startswith(f"{field}: ")
    assert not [call for call in rpc.calls if call[0] == "orders"]


def test_json_nested_a_thousand_deep_is_refused(client, operator_headers, rpc):
    response = client.post("/api/v1/orders", data="[" * 1000 + "]" * 1000, headers=operator_headers)
    assert response.status_code == 400 and response.get_json()["error"] is True
    deep_object = '{"a":' * 100 + "1" + "}" * 100
    response = client.post("/api/v1/orders", data=deep_object, headers=operator_headers)
    assert response.status_code == 400 and "nested deeper" in response.get_json()["error_message"]


def test_a_url_too_long_answers_414_with_the_error_body(client, operator_headers):
    response = client.get("/api/v1/products?search=" + "x" * 9000, headers=operator_headers)
    assert response.status_code == 414 and response.get_json()["error"] is True


def test_a_body_too_large_answers_413_with_the_error_body(client, operator_headers):
    response = client.post("/api/v1/orders", data=b"{" + b" " * (17 * 1024 * 1024) + b"}", headers=operator_headers)
    assert response.status_code == 413 and response.get_json()["error"] is True


@pytest.mark.parametrize("method,path", [("get", "/api/v1/nothing-here"), ("patch", "/api/v1/orders"),
                                         ("get", "/api/v1/orders/99999999999")])
def test_unknown_routes_and_methods_answer_the_error_body(client, operator_headers, method, path):
    response = getattr(client, method)(path, headers=operator_headers)
    assert response.status_code in (404, 405) and response.is_json and response.get_json()["error"] is True
    if response.status_code == 404:
        assert response.get_json()["error_code"] == 20


@pytest.mark.parametrize("method,path,allowed", [("trace", "/api/v1/backorders", {"GET"}),
                                                 ("patch", "/api/v1/orders/3", {"GET", "PUT", "DELETE"})])
def test_a_method_not_allowed_says_which_are_in_allow(client, operator_headers, method, path, allowed):
    response = client.open(path, method=method.upper(), headers=operator_headers)
    assert response.status_code == 405 and response.get_json()["error"] is True
    assert set(response.headers["Allow"].split(", ")) - {"HEAD", "OPTIONS"} == allowed


def test_a_missing_object_answers_picqers_item_not_found(client, operator_headers, rpc):
    rpc.answer("orders", "get_order_of_any_customer", error=("OrderNotFound", "Order 5 not found."))
    response = client.get("/api/v1/orders/5", headers=operator_headers)
    assert (response.status_code, response.get_json()["error_code"]) == (404, 20)


def test_a_locked_order_answers_409_conflict(client, operator_headers, rpc):
    rpc.answer("orders", "get_order_of_any_customer", {"idorder": 5, "idfulfilment_customer": 7})
    rpc.answer("orders", "update_order", error=("OrderLocked", "Order 5 is already picking."))
    response = client.put("/api/v1/orders/5", json={"deliveryname": "X"}, headers=operator_headers)
    assert (response.status_code, response.get_json()["error_code"]) == (409, 30)


def test_portal_stock_on_date_before_year_one_in_utc_says_the_date_is_not_valid(logged_in, rpc):
    rpc.answer("catalog", "list_warehouses", [])
    response = logged_in.get("/fulfilmentportal/stock-on-date?date=0001-01-01&time=00:00")
    assert response.status_code == 400
    assert not [call for call in rpc.calls if call[1] == "get_stock_as_of"]


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_an_id_past_what_a_database_holds_is_not_found_whatever_the_method(client, operator_headers, rpc, method):
    response = getattr(client, method)("/api/v1/orders/40065784506", headers=operator_headers, json={})
    assert (response.status_code, response.get_json()["error_code"]) == (404, 20)
    assert not [call for call in rpc.calls if call[0] == "orders"]


def test_whole_numbers_written_with_a_fraction_of_zero_are_whole_numbers(client, operator_headers, rpc):
    rpc.answer("orders", "get_order_of_any_customer", {"idorder": 3, "idfulfilment_customer": 7})
    rpc.answer("orders", "process_order", error=("OrderLocked", "Order 3 is already picking."))
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 2, "name": "Main"}])
    client.post("/api/v1/orders/3/process", data='{"idwarehouse": 2.0}', headers=operator_headers)
    assert [call[2] for call in rpc.calls if call[1] == "process_order"][0][2] == 2
    response = client.post("/api/v1/orders/3/process", data='{"idwarehouse": 2.5}', headers=operator_headers)
    assert response.status_code == 400


@pytest.mark.parametrize("method,path", [("get", "/api/v1/suppliers/3?idfulfilment_customer=7&colour=red"),
                                         ("delete", "/api/v1/hooks/5?colour=red"),
                                         ("get", "/api/v1/warehouses?colour=red")])
def test_a_query_argument_the_description_does_not_give_the_route_is_refused(client, operator_headers, rpc,
                                                                              method, path):
    response = getattr(client, method)(path, headers=operator_headers)
    assert response.status_code == 400 and response.get_json()["error_message"].startswith("colour: not ")
    assert not [call for call in rpc.calls if call[0] != "accounts"]


def test_an_undocumented_argument_naming_another_client_is_refused_as_another_clients(client, customer_headers, rpc):
    response = client.get("/api/v1/warehouses?idfulfilment_customer=8&colour=red", headers=customer_headers)
    assert response.status_code == 403


@pytest.mark.parametrize("query", ["offset=&offset=100", "status=concept&status=cancelled"])
def test_an_argument_given_twice_is_refused_not_half_read(client, operator_headers, rpc, query):
    rpc.answer("orders", "list_orders_of_all_customers", [])
    response = client.get(f"/api/v1/orders?{query}", headers=operator_headers)
    assert response.status_code == 400 and "given more than once" in response.get_json()["error_message"]


@pytest.mark.parametrize("path", ["/api/v1/products?offset=", "/api/v1/stockhistory?idproduct="])
def test_a_whole_number_given_empty_is_refused(client, operator_headers, rpc, path):
    response = client.get(path, headers=operator_headers)
    assert response.status_code == 400 and "must be a whole number" in response.get_json()["error_message"]
