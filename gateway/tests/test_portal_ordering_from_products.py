"""Ordering from the product list and the product page, as Picqer's portal: each product has a
small form putting it in the current order (no script needed), with a ✓ and the amount already
there; it comes back to the page it was on, with its search, filters and page."""
import html as html_lib
import re

from gateway_fakes import USER_7, csrf_token
from test_portal import PRODUCT
from test_portal_products import product_page  # noqa: F401 (a fixture)

ORDERER = {**USER_7, "permissions": ["ordering"]}
OTHER = {**PRODUCT, "idproduct": 6, "productcode": "CUP-1", "name": "Cup"}


def _forms(html: str) -> list[str]:
    return re.findall(r'<form method="post" action="/fulfilmentportal/current-order/lines".*?</form>', html, re.S)


def test_each_product_on_the_list_can_be_added_and_shows_what_the_order_holds(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", ORDERER)
    rpc.answer("orders", "count_current_order_lines", {"amounts": {"5": 3}})
    rpc.answer("catalog", "list_products", [PRODUCT, OTHER])
    html = logged_in.get("/fulfilmentportal/products?search=t&stock=in_stock&offset=100").get_data(as_text=True)
    held, new = _forms(html)
    assert "✓ 3" in held and 'value="3"' in held and "Update" in held
    assert "✓" not in new and 'value="1"' in new and "Add to order" in new
    assert 'aria-label="Amount of CUP-1"' in new
    back = html_lib.unescape(re.search(r'name="next" value="([^"]+)"', new).group(1))
    assert back == "/fulfilmentportal/products?search=t&stock=in_stock&offset=100#product-6"
    assert 'id="product-6"' in html


def test_adding_from_the_list_comes_back_to_the_same_filtered_page(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", ORDERER)
    rpc.answer("orders", "count_current_order_lines", {"amounts": {}})
    rpc.answer("catalog", "list_products", [PRODUCT])
    token = csrf_token(logged_in.get("/fulfilmentportal/products").get_data(as_text=True))
    rpc.answer("orders", "set_current_order_line", {"amounts": {"5": 2}})
    back = "/fulfilmentportal/products?search=t&offset=100#product-5"
    response = logged_in.post("/fulfilmentportal/current-order/lines",
                              data={"idproduct": "5", "amount": "2", "next": back, "csrf_token": token})
    assert response.status_code == 302 and response.location == back
    assert rpc.calls[-1] == ("orders", "set_current_order_line", (7, 3, 5, 2))


def test_a_next_address_outside_the_portal_goes_to_the_current_order(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", ORDERER)
    rpc.answer("orders", "count_current_order_lines", {"amounts": {}})
    rpc.answer("catalog", "list_products", [PRODUCT])
    token = csrf_token(logged_in.get("/fulfilmentportal/products").get_data(as_text=True))
    rpc.answer("orders", "set_current_order_line", {"amounts": {"5": 1}})
    for elsewhere in ("https://evil.example/", "//evil.example/fulfilmentportal/"):
        response = logged_in.post("/fulfilmentportal/current-order/lines",
                                  data={"idproduct": "5", "amount": "1", "next": elsewhere, "csrf_token": token})
        assert response.location.endswith("/fulfilmentportal/current-order")


def test_the_product_page_adds_to_the_current_order_and_shows_the_amount_held(logged_in, rpc, product_page):  # noqa: F811
    rpc.answer("accounts", "get_session_user", ORDERER)
    rpc.answer("orders", "count_current_order_lines", {"amounts": {"5": 4}})
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    (form,) = _forms(html)
    assert "✓ 4" in form and 'value="4"' in form
    assert 'name="next" value="/fulfilmentportal/products/5?#add-to-order"' in form


def test_without_the_ordering_permission_nothing_offers_to_order(logged_in, rpc, product_page):  # noqa: F811
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": []})
    rpc.answer("catalog", "list_products", [PRODUCT])
    assert not _forms(logged_in.get("/fulfilmentportal/products").get_data(as_text=True))
    assert not _forms(logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True))
    assert not any(call[1] == "count_current_order_lines" for call in rpc.calls)
