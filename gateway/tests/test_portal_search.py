"""Search from every page: products, orders and shipments of the signed-in client only, in the
user's warehouses, grouped by kind; one exact hit goes straight to it."""
import pytest
from gateway_fakes import USER_7
from test_portal import PRODUCT

ORDER = {"idorder": 31, "orderid": "2026000031", "reference": "SHOP-1001", "deliveryname": "Jan Jansen",
         "status": "processing", "picking_started": False}
SHIPMENT = {"idshipment": 9, "idorder": 31, "orderid": "2026000031", "trackingcode": "3SDEMO0001",
            "tracktraceurl": "https://postnl.example/track/3SDEMO0001", "created": "2026-11-30T10:00:00+00:00",
            "cancelled": False}


@pytest.fixture(autouse=True)
def nothing_found_yet(rpc):
    for service, method in (("catalog", "list_products"), ("orders", "list_orders"), ("orders", "list_shipments")):
        rpc.answer(service, method, [])


def searched(client, query: str, follow: bool = False):
    return client.get("/fulfilmentportal/search", query_string={"q": query}, follow_redirects=follow)


def test_every_portal_page_has_the_search_field(logged_in, rpc):
    for path in ("/fulfilmentportal/", "/fulfilmentportal/orders", "/fulfilmentportal/account"):
        html = logged_in.get(path).get_data(as_text=True)
        assert 'action="/fulfilmentportal/search" role="search"' in html and 'name="q"' in html


def test_results_are_grouped_by_kind_and_asked_for_the_session_customer_at_once(logged_in, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT])
    rpc.answer("orders", "list_orders", [ORDER])
    rpc.answer("orders", "list_shipments", [SHIPMENT])
    html = searched(logged_in, " shirt ").get_data(as_text=True)
    assert ("catalog", "list_products", (7, 0, "shirt", {})) in rpc.calls
    assert ("orders", "list_orders", (7, 0, {"search": "shirt"})) in rpc.calls
    assert ("orders", "list_shipments", (7, 0, {"search": "shirt"})) in rpc.calls
    products = html[html.index('data-testid="found-products"'):html.index('data-testid="found-orders"')]
    orders = html[html.index('data-testid="found-orders"'):html.index('data-testid="found-shipments"')]
    shipments = html[html.index('data-testid="found-shipments"'):]
    assert 'href="/fulfilmentportal/products/5">TS-RED-M</a>' in products
    assert 'href="/fulfilmentportal/orders/31">2026000031</a>' in orders
    assert 'href="https://postnl.example/track/3SDEMO0001"' in shipments


def test_an_order_number_is_looked_up_as_one(logged_in, rpc):
    rpc.answer("orders", "list_orders", lambda customer_id, offset, filters: [ORDER] if "orderid" in filters else [])
    response = searched(logged_in, "#2026000031")
    assert ("orders", "list_orders", (7, 0, {"orderid": "2026000031"})) in rpc.calls
    assert response.status_code == 302 and response.location.endswith("/fulfilmentportal/orders/31")


def test_a_single_exact_hit_goes_straight_to_it(logged_in, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT])
    response = searched(logged_in, "8712345678901")  # the barcode
    assert response.status_code == 302 and response.location.endswith("/fulfilmentportal/products/5")
    rpc.answer("catalog", "list_products", [])
    rpc.answer("orders", "list_shipments", [SHIPMENT])
    response = searched(logged_in, "3sdemo0001")  # a track & trace code, as typed
    assert response.status_code == 302 and response.location.endswith("/fulfilmentportal/orders/31")


def test_partial_or_several_exact_hits_show_the_results(logged_in, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT])
    assert searched(logged_in, "TS-RED").status_code == 200
    rpc.answer("orders", "list_orders", [{**ORDER, "reference": "TS-RED-M"}])
    assert searched(logged_in, "TS-RED-M").status_code == 200  # the product and an order's reference


def test_nothing_found_says_so_in_the_users_language(logged_in, rpc):
    assert "Nothing found for “zz-none”." in searched(logged_in, "zz-none").get_data(as_text=True)
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    assert "Niets gevonden voor “zz-none”." in searched(logged_in, "zz-none").get_data(as_text=True)


def test_a_user_limited_to_warehouses_searches_only_those(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "warehouse_ids": [2]})
    searched(logged_in, "mat")
    assert ("catalog", "list_products", (7, 0, "mat", {"idwarehouses": [2]})) in rpc.calls
    assert ("orders", "list_orders", (7, 0, {"search": "mat", "idwarehouses": [2]})) in rpc.calls
    assert ("orders", "list_shipments", (7, 0, {"search": "mat", "idwarehouses": [2]})) in rpc.calls


def test_an_empty_or_overlong_search_asks_nothing_or_only_its_first_100_characters(logged_in, rpc):
    response = searched(logged_in, "   ")
    assert response.status_code == 200 and not any(call[1] == "list_products" for call in rpc.calls)
    searched(logged_in, "x" * 500)
    assert ("catalog", "list_products", (7, 0, "x" * 100, {})) in rpc.calls


def test_a_customer_id_in_the_query_is_ignored(logged_in, rpc):
    logged_in.get("/fulfilmentportal/search?q=mat&idfulfilment_customer=9&customer_id=9")
    assert all(call[2][0] == 7 for call in rpc.calls if call[1] in ("list_products", "list_orders", "list_shipments"))
