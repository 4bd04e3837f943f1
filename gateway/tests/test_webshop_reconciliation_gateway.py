"""A shop's stock beside ours on the portal (webshop_gateway faked by its contract)."""
from gateway_fakes import USER_7
from test_webshops_gateway import WEBSHOP, last_call

ROWS = [{"idproduct": 1, "productcode": "MUG-1", "name": "Mug", "freestock": 5, "shop_stock": 5, "difference": 0,
         "status": "same"},
        {"idproduct": 2, "productcode": "TEE-M", "name": "Tee", "freestock": 2, "shop_stock": 9, "difference": 7,
         "status": "differs"},
        {"idproduct": 3, "productcode": "CAP-1", "name": "Cap", "freestock": 1, "shop_stock": None, "difference": None,
         "status": "not_in_shop"}]
RESULT = {"idwebshop": 4, "offset": 0, "rows": ROWS, "shop_error": None, "differences": 1, "more": False}


def stock_page(logged_in, rpc, result, path="/fulfilmentportal/webshops/4/stock", user=USER_7):
    rpc.answer("accounts", "get_session_user", user)
    rpc.answer("webshop_gateway", "get_webshop", WEBSHOP)
    rpc.answer("webshop_gateway", "get_stock_reconciliation", result)
    return logged_in.get(path)


def test_each_product_beside_the_shops_stock_with_the_differences_flagged(logged_in, rpc):
    page = stock_page(logged_in, rpc, RESULT).get_data(as_text=True)
    assert page.count('data-testid="stock-row"') == 3 and page.count('class="differs"') == 1
    assert "1 product on this page differs." in page and "+7" in page and "Not in the shop" in page
    assert last_call(rpc, "get_stock_reconciliation") == (7, 4, 0)


def test_the_next_page_and_an_unreadable_shop(logged_in, rpc):
    failing = {**RESULT, "offset": 100, "rows": [{**ROWS[0], "status": "unknown", "shop_stock": None}],
               "shop_error": "The shop did not answer within 10 seconds.", "differences": 0}
    page = stock_page(logged_in, rpc, failing, "/fulfilmentportal/webshops/4/stock?offset=100").get_data(as_text=True)
    assert last_call(rpc, "get_stock_reconciliation") == (7, 4, 100)
    assert "could not be read: The shop did not answer within 10 seconds." in page and "Previous" in page


def test_no_products_yet_is_said_in_dutch(logged_in, rpc):
    empty = {**RESULT, "rows": [], "differences": 0}
    page = stock_page(logged_in, rpc, empty, user={**USER_7, "language": "nl"}).get_data(as_text=True)
    assert 'data-testid="no-products"' in page and "U hebt nog geen producten" in page


def test_a_user_limited_to_other_shops_gets_a_404(logged_in, rpc):
    response = stock_page(logged_in, rpc, RESULT, user={**USER_7, "webshop_ids": [9]})
    assert response.status_code == 404
    assert not [call for call in rpc.calls if call[1] == "get_stock_reconciliation"]
