"""Registering a return from the order page and following it on the Returns page, with the
services faked by their contracts."""
import re

from gateway_fakes import USER_7, csrf_token
from test_orders_gateway import ORDER
from test_returns_api import RETURN


def test_the_returns_page_shows_each_return_with_its_steps(logged_in, rpc):
    rpc.answer("orders", "list_returns", [{**RETURN, "status": "completed", "idorder_replacement": 40,
                                           "replacement_products": [{"idproduct": 5, "productcode": "MUG-1",
                                                                     "name": "Mug", "amount": 1}]}])
    html = logged_in.get("/fulfilmentportal/returns?status=completed&offset=x").get_data(as_text=True)
    assert "R2026000007" in html and "1 × <bdi>MUG-1</bdi> <bdi>Mug</bdi> — <bdi>broken</bdi>" in html
    assert 'href="/fulfilmentportal/orders/40"' in html and "API key shop" in html
    asked = [call for call in rpc.calls if call[1] == "list_returns"][-1]
    assert asked == ("orders", "list_returns", (7, 0, {"status": "completed"}))


def test_without_returns_the_page_says_what_will_appear(logged_in, rpc):
    rpc.answer("orders", "list_returns", [])
    assert "There are no returns yet." in logged_in.get("/fulfilmentportal/returns?status=lost").get_data(as_text=True)


def shipped_order(rpc) -> None:
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["returns"]})
    mug = {**ORDER["products"][0], "idorder_product": 3, "shipped": 2}
    cup = {**ORDER["products"][0], "idorder_product": 4, "productcode": "CUP-1", "name": "Cup", "amount": 4, "shipped": 4}
    rpc.answer("orders", "get_order", {**ORDER, "status": "completed", "products": [mug, cup]})
    rpc.answer("orders", "list_returns", [{**RETURN, "status": "announced",
                                           "returned_products": [{**RETURN["returned_products"][0], "idorder_product": 4,
                                                                  "amount": 1}]},
                                          {**RETURN, "status": "rejected",
                                           "returned_products": [{**RETURN["returned_products"][0], "idorder_product": 3,
                                                                  "amount": 2}]}])


def form_data(page: str, **rows) -> dict:
    data = {"csrf_token": csrf_token(page), "lines-0-idorder_product": "3", "lines-1-idorder_product": "4"}
    return {**data, **{name.replace("_", "-", 2) if name.startswith(("lines", "replacements")) else name: value
                       for name, value in rows.items()}}


def test_a_client_returns_several_products_of_an_order_with_a_replacement(logged_in, rpc):
    shipped_order(rpc)
    assert 'data-testid="register-return"' in logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    page = logged_in.get("/fulfilmentportal/orders/31/return").get_data(as_text=True)
    assert "MUG-1 Mug" in page and "CUP-1 Cup" in page and 'max="2"' in page and 'max="3"' in page  # 1 cup announced
    rpc.answer("orders", "register_return", RETURN)
    response = logged_in.post("/fulfilmentportal/orders/31/return", data=form_data(
        page, lines_0_amount="2", lines_0_reason=" broken ", lines_1_amount="", lines_1_reason="",
        replacements_0_productcode="MUG-1", replacements_0_amount="1", reference="RMA-9"))
    assert response.location.endswith("/fulfilmentportal/returns")
    assert rpc.calls[-1] == ("orders", "register_return", (7, {
        "idorder": 31, "returned_products": [{"idorder_product": 3, "amount": 2, "reason": "broken"}],
        "replacement_products": [{"productcode": "MUG-1", "amount": 1}], "reference": "RMA-9"}, "anna"))


def test_a_return_the_portal_can_check_is_refused_at_its_row_keeping_what_was_typed(logged_in, rpc):
    shipped_order(rpc)
    page = logged_in.get("/fulfilmentportal/orders/31/return").get_data(as_text=True)
    refused = logged_in.post("/fulfilmentportal/orders/31/return", data=form_data(
        page, lines_0_amount="1", lines_0_reason="", lines_1_amount="4", lines_1_reason="too big"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Say why it comes back." in html and "At most 3 can come back." in html
    assert 'value="too big"' in html
    nothing = logged_in.post("/fulfilmentportal/orders/31/return", data=form_data(page))
    assert nothing.status_code == 400 and "Enter how many of at least one product come back." in nothing.get_data(as_text=True)
    tampered = logged_in.post("/fulfilmentportal/orders/31/return", data={
        **form_data(page, lines_0_amount="1", lines_0_reason="x"), "lines-1-idorder_product": "99"})
    assert tampered.status_code == 400 and "The order changed meanwhile" in tampered.get_data(as_text=True)
    assert not [call for call in rpc.calls if call[1] == "register_return"]


def test_a_refusal_from_orders_is_shown_at_its_row_in_the_users_language(logged_in, rpc):
    shipped_order(rpc)
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["returns"], "language": "nl"})
    page = logged_in.get("/fulfilmentportal/orders/31/return").get_data(as_text=True)
    rpc.answer("orders", "register_return", error=(
        "InvalidReturn", "replacement_products.0: unknown product (productcode 'NOPE')"))
    refused = logged_in.post("/fulfilmentportal/orders/31/return", data=form_data(
        page, lines_1_amount="1", lines_1_reason="kapot", replacements_0_productcode="", replacements_1_productcode="NOPE",
        replacements_1_amount="1"))
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and html.count('aria-invalid="true"') == 1
    row = re.search(r'<input aria-invalid="true"[^>]*name="([^"]+)"[^>]*>\s*<p class="field-error" role="alert">([^<]*)<', html)
    assert row.groups() == ("replacements-1-productcode", "Er is geen product met deze code.")  # the 2nd row, typed there
