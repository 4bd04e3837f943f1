"""A user limited to some of the client's warehouses sees only those, on every portal page."""
import re

import pytest
from gateway_fakes import USER_7, csrf_token
from test_api_stock import PRODUCT
from test_orders_gateway import ORDER
from test_portal_stock_on_date import ROWS, answer as answer_stock_on_date

TWO_WAREHOUSES = {**PRODUCT, "stock": [{"idwarehouse": 1, "stock": 10, "reserved": 2, "freestock": 8},
                                       {"idwarehouse": 2, "stock": 50, "reserved": 0, "freestock": 50}],
                  "freestock": 58}


@pytest.fixture
def scoped(logged_in, rpc):
    """Anna, limited to warehouse 1 of her client's two."""
    rpc.answer("accounts", "get_session_user", {**USER_7, "warehouse_ids": [1]})
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Tilburg"}, {"idwarehouse": 2, "name": "Venlo"}])
    return logged_in


def called(rpc, method: str) -> tuple:
    return [args for _, name, args in rpc.calls if name == method][-1]


def shown(response) -> str:
    """The page without its CSRF tokens: a random token may hold any short text ("Mug", "58")."""
    return re.sub(r'name="csrf_token" value="[^"]*"', "", response.get_data(as_text=True))


def test_product_list_and_page_count_stock_in_the_users_warehouses_only(scoped, rpc):
    rpc.answer("catalog", "list_products", [TWO_WAREHOUSES])
    html = shown(scoped.get("/fulfilmentportal/products?stock=in_stock"))
    assert called(rpc, "list_products")[3]["idwarehouses"] == [1]  # filters and sorting by that stock too
    assert ">8<" in html.replace(" ", "") and "58" not in html
    rpc.answer("catalog", "get_product", TWO_WAREHOUSES)
    rpc.answer("catalog", "list_stock_history", [])
    rpc.answer("catalog", "list_product_images", [])
    html = shown(scoped.get("/fulfilmentportal/products/5"))
    assert "Tilburg" in html and "Venlo" not in html
    assert called(rpc, "list_stock_history")[1] == {"idproduct": 5, "idwarehouses": [1]}


def test_an_order_processed_in_another_warehouse_is_not_found(scoped, rpc):
    rpc.answer("orders", "get_order", {**ORDER, "status": "processing", "idwarehouse": 2})
    assert scoped.get("/fulfilmentportal/orders/31").status_code == 404
    token = csrf_token(scoped.get("/fulfilmentportal/account").get_data(as_text=True))
    assert scoped.post("/fulfilmentportal/orders/31/cancel", data={"csrf_token": token}).status_code == 404
    assert not any(name == "cancel_order" for _, name, _ in rpc.calls)
    rpc.answer("orders", "get_order", {**ORDER, "idwarehouse": None})  # a concept: every user sees it
    assert scoped.get("/fulfilmentportal/orders/31").status_code == 200
    rpc.answer("orders", "list_orders", [])
    scoped.get("/fulfilmentportal/orders?status=processing")
    assert called(rpc, "list_orders")[2] == {"status": "processing", "idwarehouses": [1]}
    rpc.answer("orders", "list_backorders", [])
    scoped.get("/fulfilmentportal/backorders")
    assert called(rpc, "list_backorders")[2] == {"idwarehouses": [1]}


def test_stock_on_date_history_and_dashboard_leave_other_warehouses_out(scoped, rpc):
    answer_stock_on_date(rpc)
    rpc.answer("accounts", "get_session_user", {**USER_7, "warehouse_ids": [1]})
    html = shown(scoped.get("/fulfilmentportal/stock-on-date?date=2026-10-31"))
    assert ROWS[0]["name"] in html and ROWS[1]["name"] not in html
    rpc.answer("catalog", "list_stock_history", [])
    html = shown(scoped.get("/fulfilmentportal/stock-history?idwarehouse=2"))
    assert called(rpc, "list_stock_history")[1]["idwarehouse"] is None  # not one of hers: ignored
    assert called(rpc, "list_stock_history")[1]["idwarehouses"] == [1] and "Venlo" not in html
    rpc.answer("catalog", "count_products", 3)
    scoped.get("/fulfilmentportal/")
    assert called(rpc, "count_low_stock_products") == (7, [1])
    assert called(rpc, "count_backordered_orders") == (7, [1])


def test_the_current_orders_product_search_shows_free_stock_in_the_users_warehouses(scoped, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"], "warehouse_ids": [1]})
    rpc.answer("orders", "get_current_order", {"details": {}, "version": 1, "lines": [], "line_count": 0, "offset": 0})
    rpc.answer("orders", "get_order_rules", {"changes_allowed_until": "picking", "process_orders_at_once": False,
                                             "preferred_idwarehouse": None})
    rpc.answer("catalog", "list_products", [TWO_WAREHOUSES])
    html = shown(scoped.get("/fulfilmentportal/current-order?search=TS"))
    assert called(rpc, "list_products") == (7, 0, "TS", {"idwarehouses": [1]})
    assert "58" not in html


def test_an_order_processed_at_once_elsewhere_leads_to_the_order_list_not_a_404(scoped, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"], "warehouse_ids": [1]})
    rpc.answer("orders", "get_current_order", {"details": {}, "version": 4, "lines": [], "line_count": 1, "offset": 0})
    rpc.answer("orders", "get_order_rules", {"changes_allowed_until": "picking", "process_orders_at_once": True,
                                             "preferred_idwarehouse": 2})
    token = csrf_token(scoped.get("/fulfilmentportal/current-order").get_data(as_text=True))
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    rpc.answer("orders", "place_current_order", {"idorder": 40, "orderid": "2026000040", "status": "processing",
                                                 "idwarehouse": 2})
    response = scoped.post("/fulfilmentportal/current-order", data={
        "deliveryname": "Jan", "version": "4", "action": "place", "csrf_token": token})
    assert response.location.endswith("/fulfilmentportal/orders")
    with scoped.session_transaction() as session:
        assert ("message", "Order 2026000040 is handled by a warehouse outside your view.") in session["_flashes"]
