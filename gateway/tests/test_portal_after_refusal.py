"""A refused form comes back at an address the browser can open again: its forms post to the
page's own address (the current order's, an order's, a purchase order's, the product import's),
so after an error a reload or the back button shows the page, never a 405 of a POST-only address.
And a form changed by hand answers with the form's error in the reader's words, not a bare 400."""
import io

import pytest
from gateway_fakes import USER_7, csrf_token, xlsx_bytes
from test_orders_gateway import ORDER
from test_portal_accounts import USER, form_token
from test_portal_products import EDITOR
from test_purchase_orders_api import PURCHASE_ORDER
from test_stock_transfers_api import TRANSFER

ORDER_PAGE, PURCHASE_ORDER_PAGE = "/fulfilmentportal/orders/31", "/fulfilmentportal/purchase-orders/12"


@pytest.fixture
def purchase_order_page(logged_in, rpc):
    rpc.answer("purchasing", "list_suppliers", [])
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    return csrf_token(logged_in.get(PURCHASE_ORDER_PAGE).get_data(as_text=True))


def test_an_orders_address_form_posts_to_the_order_page_and_a_refusal_stays_there(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("orders", "get_order", ORDER)
    html = logged_in.get(ORDER_PAGE).get_data(as_text=True)
    assert f'action="{ORDER_PAGE}" class="stacked" novalidate' in html
    refused = logged_in.post(ORDER_PAGE, data={"csrf_token": csrf_token(html), "deliveryname": "Piet",
                                               "deliverycountry": "ZZ"})
    assert refused.status_code == 400 and 'class="field-error"' in refused.get_data(as_text=True)
    assert logged_in.get(ORDER_PAGE).status_code == 200  # what a reload of that address asks


@pytest.mark.parametrize("action, data", [
    ("import", {"file": (io.BytesIO(b"not a sheet"), "lines.xlsx")}),
    ("add_line", {"productcode": "", "amount": "0"}),
    ("details", {"delivery_date": "31-31-2026"}),
])
def test_a_purchase_orders_forms_post_to_its_page_and_a_refusal_stays_there(logged_in, rpc, purchase_order_page,
                                                                            action, data):
    html = logged_in.get(PURCHASE_ORDER_PAGE).get_data(as_text=True)
    assert html.count(f'action="{PURCHASE_ORDER_PAGE}"') == 3 and f'name="action" value="{action}"' in html
    refused = logged_in.post(PURCHASE_ORDER_PAGE, content_type="multipart/form-data",
                             data={"csrf_token": purchase_order_page, "action": action, **data})
    assert refused.status_code == 400 and 'class="field-error"' in refused.get_data(as_text=True)
    assert logged_in.get(PURCHASE_ORDER_PAGE).status_code == 200


def test_a_purchase_order_import_with_bad_rows_lists_them_at_the_page_address(logged_in, rpc, purchase_order_page):
    rpc.answer("purchasing", "import_purchase_order_lines", {"imported": 0, "errors": [
        {"row": 2, "field": "productcode", "message": "unknown product code 'NOPE'"}]})
    sheet = xlsx_bytes([["artikelcode", "aantal"], ["NOPE", 1]])
    refused = logged_in.post(PURCHASE_ORDER_PAGE, content_type="multipart/form-data", data={
        "csrf_token": purchase_order_page, "action": "import", "file": (io.BytesIO(sheet), "lines.xlsx")})
    assert refused.status_code == 400 and "“NOPE” is not one of your product codes." in refused.get_data(as_text=True)


def test_an_unknown_action_or_another_clients_purchase_order_is_refused(logged_in, rpc, purchase_order_page):
    assert logged_in.post(PURCHASE_ORDER_PAGE, data={"csrf_token": purchase_order_page, "action": "x"}).status_code == 400
    rpc.answer("purchasing", "get_purchase_order", error=("PurchaseOrderNotFound", "purchase order 12 not found"))
    assert logged_in.post(PURCHASE_ORDER_PAGE, data={"csrf_token": purchase_order_page,
                                                     "action": "details"}).status_code == 404


def test_a_stock_transfers_details_post_to_its_page_and_a_refusal_stays_there(logged_in, rpc):
    rpc.answer("purchasing", "get_stock_transfer", TRANSFER)
    transfer_page = f"/fulfilmentportal/stock-transfers/{TRANSFER['idstocktransfer']}"
    html = logged_in.get(transfer_page).get_data(as_text=True)
    assert f'action="{transfer_page}" class="stacked" novalidate' in html
    refused = logged_in.post(transfer_page, data={"csrf_token": csrf_token(html), "origin": "",
                                                  "expected_date": "31-31-2026"})
    assert refused.status_code == 400 and 'class="field-error"' in refused.get_data(as_text=True)
    assert logged_in.get(transfer_page).status_code == 200


def test_the_product_import_posts_to_its_own_page(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", EDITOR)
    html = logged_in.get("/fulfilmentportal/products/import").get_data(as_text=True)
    assert 'action="/fulfilmentportal/products/import"' in html or '<form method="post" enctype' in html
    refused = logged_in.post("/fulfilmentportal/products/import", content_type="multipart/form-data",
                             data={"csrf_token": csrf_token(html), "file": (io.BytesIO(b"\x00"), "x.xlsx")})
    assert refused.status_code == 400 and logged_in.get("/fulfilmentportal/products/import").status_code == 200


@pytest.mark.parametrize("data", [{"permissions": ["root"]}, {"warehouses": ["abc"]}, {"warehouses": ["99"]}])
def test_a_tampered_checkbox_on_the_users_page_is_a_form_error_in_the_readers_words(logged_in, rpc, data):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    rpc.answer("accounts", "get_user", USER)
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Tilburg"}])
    token = form_token(logged_in, "/fulfilmentportal/users/4")
    response = logged_in.post("/fulfilmentportal/users/4", data={**data, "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Kies alleen uit de getoonde vakjes." in html and "Tilburg" in html
    assert not [call for call in rpc.calls if call[1] == "update_user"]


def test_a_tampered_invite_is_a_form_error_too(logged_in, rpc):
    rpc.answer("accounts", "list_users", [])
    token = form_token(logged_in, "/fulfilmentportal/users")
    response = logged_in.post("/fulfilmentportal/users", data={"username": "bram", "emailaddress": "bram@acme.test",
                                                               "permissions": ["root"], "csrf_token": token})
    assert response.status_code == 400 and "Choose only from the boxes shown." in response.get_data(as_text=True)


def test_a_form_without_its_token_says_what_to_do_not_what_flask_wtf_checks(logged_in, rpc):
    response = logged_in.post("/fulfilmentportal/users", data={"username": "bram"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "The form had expired" in html and "CSRF" not in html


def test_a_form_without_its_token_is_refused_in_the_users_own_language(client, rpc):
    """The CSRF check runs before the user is loaded: the language the user signed in with holds."""
    dutch = {**USER_7, "language": "nl"}
    rpc.answer("accounts", "authenticate_user", dutch)
    rpc.answer("accounts", "get_session_user", dutch)
    token = csrf_token(client.get("/fulfilmentportal/login", headers={"Accept-Language": "en"}).get_data(as_text=True))
    client.post("/fulfilmentportal/login", data={"username": "anna", "password": "pw", "csrf_token": token})
    response = client.post("/fulfilmentportal/users", data={"username": "bram"}, headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "Het formulier was verlopen" in response.get_data(as_text=True)
