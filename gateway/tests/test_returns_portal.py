"""Registering a return from the order page and following it on the Returns page, with the
services faked by their contracts."""
from gateway_fakes import USER_7, csrf_token
from test_orders_gateway import ORDER
from test_returns_api import RETURN


def test_the_returns_page_shows_each_return_with_its_steps(logged_in, rpc):
    rpc.answer("orders", "list_returns", [{**RETURN, "status": "completed", "idorder_replacement": 40,
                                           "replacement_products": [{"idproduct": 5, "productcode": "MUG-1",
                                                                     "name": "Mug", "amount": 1}]}])
    html = logged_in.get("/fulfilmentportal/returns?status=completed&offset=x").get_data(as_text=True)
    assert "R2026000007" in html and "1 × MUG-1 Mug — broken" in html
    assert 'href="/fulfilmentportal/orders/40"' in html and "API key shop" in html
    asked = [call for call in rpc.calls if call[1] == "list_returns"][-1]
    assert asked == ("orders", "list_returns", (7, 0, {"status": "completed"}))


def test_without_returns_the_page_says_what_will_appear(logged_in, rpc):
    rpc.answer("orders", "list_returns", [])
    assert "There are no returns yet." in logged_in.get("/fulfilmentportal/returns?status=lost").get_data(as_text=True)


def test_a_client_registers_a_return_from_the_order_page(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["returns"]})
    line = {**ORDER["products"][0], "idorder_product": 3, "shipped": 2}
    rpc.answer("orders", "get_order", {**ORDER, "status": "completed", "products": [line]})
    page = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert "Register a return" in page and '<option value="3">MUG-1 Mug</option>' in page
    rpc.answer("orders", "register_return", RETURN)
    response = logged_in.post("/fulfilmentportal/orders/31/returns", data={
        "return-idorder_product": "3", "return-amount": "1", "return-reason": "broken",
        "return-replacement_productcode": "MUG-1", "return-csrf_token": csrf_token(page)})
    assert response.location.endswith("/fulfilmentportal/returns")
    assert rpc.calls[-1] == ("orders", "register_return", (7, {
        "idorder": 31, "returned_products": [{"idorder_product": 3, "amount": 1, "reason": "broken"}],
        "replacement_products": [{"productcode": "MUG-1", "amount": 1}]}, "anna"))
    rpc.answer("orders", "register_return", error=("InvalidReturn", "returned_products.0: 5 more is too many"))
    refused = logged_in.post("/fulfilmentportal/orders/31/returns", data={
        "return-idorder_product": "3", "return-amount": "5", "return-reason": "x", "return-csrf_token": csrf_token(page)},
        follow_redirects=True)
    assert "The return was not registered: 5 more is too many" in refused.get_data(as_text=True)
