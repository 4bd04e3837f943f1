"""Products and stock through the API, with the catalog faked from its contract."""
import pytest
from test_api import error_body

PRODUCT = {"idproduct": 5, "idfulfilment_customer": 7, "productcode": "TS-RED-M", "name": "T-shirt red M",
           "barcode": None, "price": "12.50", "costprice": "4.00", "weight": 180, "minimum_stock": 0, "active": True,
           "created_at": "2026-11-23T10:00:00+00:00", "updated_at": "2026-11-23T11:00:00.5+00:00",
           "stock": [{"idwarehouse": 1, "stock": 10, "reserved": 2, "freestock": 8}], "freestock": 8}
LEVEL = {"idproduct": 5, "idwarehouse": 1, "stock": 10, "reserved": 2, "freestock": 8, "customer_id": 7}
MOVEMENT = {"idproduct_stock_history": 9, "idproduct": 5, "productcode": "TS-RED-M", "idwarehouse": 1, "idfulfilment_customer": 7,
            "old_stock": 12, "stock_change": -2, "new_stock": 10, "reason": "Damaged", "reference_type": None,
            "reference_id": None, "changed_by": "API key: warehouse", "iduser": None,
            "changed_at": "2026-11-23T12:00:00+00:00"}


def test_customer_key_lists_its_products_with_search_and_active_filter(client, rpc, customer_headers):
    rpc.answer("catalog", "list_products", [PRODUCT])
    response = client.get("/api/v1/products?search=shirt&active=false&offset=100", headers=customer_headers)
    assert response.get_json()[0]["updated_at"] == "2026-11-23 11:00:00"
    assert ("catalog", "list_products", (7, 100, "shirt", {"active": False})) in rpc.calls


def test_operator_lists_every_customers_products_with_filters(client, rpc, operator_headers):
    rpc.answer("catalog", "list_products_of_all_customers", [PRODUCT])
    client.get("/api/v1/products?active=1", headers=operator_headers)
    assert ("catalog", "list_products_of_all_customers", (0, None, {"active": True})) in rpc.calls
    error_body(400, "active")(client.get("/api/v1/products?active=maybe", headers=operator_headers))


def test_customer_key_updates_its_own_product(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "update_product", {**PRODUCT, "name": "T-shirt rood M"})
    response = client.put("/api/v1/products/5", json={"name": "T-shirt rood M"}, headers=customer_headers)
    assert response.status_code == 200 and response.get_json()["name"] == "T-shirt rood M"
    assert ("catalog", "update_product", (7, 5, {"name": "T-shirt rood M"})) in rpc.calls


def test_operator_updates_a_product_of_whichever_customer_owns_it(client, rpc, operator_headers):
    rpc.answer("catalog", "get_product_of_any_customer", PRODUCT)
    rpc.answer("catalog", "update_product", PRODUCT)
    client.put("/api/v1/products/5", json={"price": "13"}, headers=operator_headers)
    assert ("catalog", "update_product", (7, 5, {"price": "13"})) in rpc.calls


def test_changing_the_product_code_is_a_400_naming_it(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "update_product", error=("InvalidProduct", "productcode: cannot be changed"))
    error_body(400, "productcode: cannot be changed")(
        client.put("/api/v1/products/5", json={"productcode": "X"}, headers=customer_headers))


@pytest.mark.parametrize("method,path", [
    ("get", "/api/v1/products/5"), ("put", "/api/v1/products/5"), ("get", "/api/v1/products/5/stock"),
    ("get", "/api/v1/products/5/stock/1"), ("get", "/api/v1/products/5/images"), ("post", "/api/v1/products/5/images"),
    ("get", "/api/v1/products/5/images/3"), ("delete", "/api/v1/products/5/images/3"),
])
def test_another_customers_product_is_404_for_every_product_route(client, rpc, customer_headers, method, path):
    rpc.answer("catalog", "get_product", error=("ProductNotFound", "product 5 not found"))
    error_body(404, "product 5 not found")(getattr(client, method)(path, json={"name": "x", "image": "aGk="},
                                                                   headers=customer_headers))
    assert [call[1] for call in rpc.calls if call[0] == "catalog"] == ["get_product"]


def test_stock_per_warehouse_and_in_one_warehouse(client, rpc, customer_headers):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "get_stock_level", LEVEL)
    picqer_reserved = {"reservedbackorders": 0, "reservedpicklists": 2, "reservedallocations": 0}
    assert client.get("/api/v1/products/5/stock", headers=customer_headers).get_json() == [
        {**PRODUCT["stock"][0], **picqer_reserved}]
    one = client.get("/api/v1/products/5/stock/1", headers=customer_headers).get_json()
    assert one == {"idproduct": 5, "idwarehouse": 1, "stock": 10, "reserved": 2, "freestock": 8, **picqer_reserved}
    assert ("catalog", "get_stock_level", (7, 5, 1)) in rpc.calls


def test_customer_keys_never_change_stock(client, rpc, customer_headers):
    error_body(403, "operator")(client.post("/api/v1/products/5/stock/1", json={"change": 3}, headers=customer_headers))
    assert not any(call[1] in ("change_stock", "set_stock") for call in rpc.calls)


def test_operator_changes_stock_by_a_number_or_sets_it_naming_who(client, rpc, operator_headers):
    rpc.answer("catalog", "get_product_of_any_customer", PRODUCT)
    rpc.answer("catalog", "change_stock", LEVEL)
    rpc.answer("catalog", "set_stock", LEVEL)
    response = client.post("/api/v1/products/5/stock/1", json={"change": -3, "reason": "Damaged"}, headers=operator_headers)
    assert response.status_code == 201 and "customer_id" not in response.get_json()
    client.post("/api/v1/products/5/stock/1", json={"amount": 10, "reason": "Stocktake"}, headers=operator_headers)
    assert ("catalog", "change_stock", (7, 5, 1, -3, "Damaged", "API key: warehouse")) in rpc.calls
    assert ("catalog", "set_stock", (7, 5, 1, 10, "Stocktake", "API key: warehouse")) in rpc.calls


@pytest.mark.parametrize("body,field", [({"reason": "x"}, "change"), ({"change": 1, "amount": 2}, "change"),
                                        ({"change": 1, "warehouse": 2}, "warehouse")])
def test_stock_change_must_be_either_change_or_amount(client, operator_headers, body, field):
    error_body(400, f"{field}:")(client.post("/api/v1/products/5/stock/1", json=body, headers=operator_headers))


def test_stock_below_zero_is_a_400(client, rpc, operator_headers):
    rpc.answer("catalog", "get_product_of_any_customer", PRODUCT)
    rpc.answer("catalog", "change_stock", error=("InvalidStockChange", "change: -30 would take stock 10 below zero"))
    error_body(400, "below zero")(client.post("/api/v1/products/5/stock/1", json={"change": -30}, headers=operator_headers))


def test_warehouses_are_listed_for_any_key(client, rpc, customer_headers):
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Tilburg"}])
    assert client.get("/api/v1/warehouses", headers=customer_headers).get_json() == [{"idwarehouse": 1, "name": "Tilburg"}]


def test_stock_history_for_a_customer_key_with_filters_and_picqer_times(client, rpc, customer_headers):
    rpc.answer("catalog", "list_stock_history", [MOVEMENT])
    response = client.get("/api/v1/stockhistory?idproduct=5&idwarehouse=1&iduser=4&sincedate=2026-11-01&offset=100",
                          headers=customer_headers)
    assert response.get_json()[0]["changed_at"] == "2026-11-23 12:00:00"
    filters = {"idproduct": 5, "idwarehouse": 1, "iduser": 4, "sincedate": "2026-11-01", "untildate": None}
    assert ("catalog", "list_stock_history", (7, filters, 100, None)) in rpc.calls


def test_operator_stock_history_of_every_customer_or_of_one(client, rpc, operator_headers):
    rpc.answer("catalog", "list_stock_history", [])
    rpc.answer("catalog", "list_stock_history_of_all_customers", [MOVEMENT, {**MOVEMENT, "idfulfilment_customer": 8}])
    rpc.answer("catalog", "get_product_of_any_customer", PRODUCT)
    response = client.get("/api/v1/stockhistory?idwarehouse=1&offset=100", headers=operator_headers)
    assert [row["idfulfilment_customer"] for row in response.get_json()] == [7, 8]
    assert ("catalog", "list_stock_history_of_all_customers",
            ({"idproduct": None, "idwarehouse": 1, "iduser": None, "sincedate": None, "untildate": None}, 100, None)) in rpc.calls
    client.get("/api/v1/stockhistory?idproduct=5&before=40", headers=operator_headers)
    client.get("/api/v1/stockhistory?idfulfilment_customer=8", headers=operator_headers)
    calls = [call[2] for call in rpc.calls if call[1] == "list_stock_history"]
    assert calls[0][0] == 7 and calls[0][3] == 40 and calls[1][0] == 8


def test_customer_key_cannot_read_another_customers_stock_history(client, customer_headers):
    error_body(403)(client.get("/api/v1/stockhistory?idfulfilment_customer=8", headers=customer_headers))


@pytest.mark.parametrize("query,field", [("idproduct=x", "idproduct"), ("idwarehouse=-1", "idwarehouse"),
                                         ("before=a", "before"), ("offset=1.5", "offset"), ("iduser=%C2%B2", "iduser"),
                                         ("iduser=2147483648", "iduser")])
def test_bad_stock_history_arguments_are_400_naming_them(client, customer_headers, query, field):
    error_body(400, f"{field}:")(client.get(f"/api/v1/stockhistory?{query}", headers=customer_headers))
