"""Purchase orders in the portal, with the services faked by their contracts."""
from gateway_fakes import USER_7, csrf_token, xlsx_bytes
from test_purchase_orders_api import PURCHASE_ORDER

SUPPLIER = {"idsupplier": 3, "idfulfilment_customer": 7, "name": "Hanse Textiel", "contactname": None,
            "telephone": None, "emailaddress": None, "remarks": None, "created": "2026-12-01T10:00:00+00:00",
            "updated": "2026-12-01T10:00:00+00:00"}


def page(logged_in, url: str) -> str:
    response = logged_in.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_list_shows_the_clients_purchase_orders(logged_in, rpc):
    rpc.answer("purchasing", "list_purchase_orders", [PURCHASE_ORDER])
    html = page(logged_in, "/fulfilmentportal/purchase-orders?status=concept&search=HT")
    assert "PO2026000012" in html and "Hanse Textiel" in html and "0 / 20" in html
    assert ("purchasing", "list_purchase_orders", (7, 0, {"status": "concept", "search": "HT"})) in rpc.calls


def test_a_new_purchase_order_with_a_typed_supplier_adds_it_to_the_list(logged_in, rpc):
    rpc.answer("purchasing", "list_suppliers", [])
    rpc.answer("purchasing", "create_supplier", SUPPLIER)
    rpc.answer("purchasing", "create_purchase_order", {"purchase_order": PURCHASE_ORDER, "created": True})
    token = csrf_token(page(logged_in, "/fulfilmentportal/purchase-orders/new"))
    response = logged_in.post("/fulfilmentportal/purchase-orders/new", data={
        "csrf_token": token, "idsupplier": "", "supplier_name": "Hanse Textiel", "delivery_date": "2026-12-24"})
    assert response.status_code == 302 and response.location.endswith("/purchase-orders/12")
    assert ("purchasing", "create_supplier", (7, {"name": "Hanse Textiel"})) in rpc.calls
    assert ("purchasing", "create_purchase_order", (7, {
        "idsupplier": 3, "supplier_orderid": None, "delivery_date": "2026-12-24", "remarks": None}, "anna")) in rpc.calls


def test_a_purchase_order_needs_a_supplier(logged_in, rpc):
    rpc.answer("purchasing", "list_suppliers", [])
    token = csrf_token(page(logged_in, "/fulfilmentportal/purchase-orders/new"))
    response = logged_in.post("/fulfilmentportal/purchase-orders/new", data={"csrf_token": token, "idsupplier": ""})
    assert response.status_code == 400 and "Choose a supplier or type a new one." in response.get_data(as_text=True)


def test_the_page_offers_changes_only_while_the_client_may_make_them(logged_in, rpc):
    rpc.answer("purchasing", "list_suppliers", [SUPPLIER])
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    html = page(logged_in, "/fulfilmentportal/purchase-orders/12")
    assert "Place purchase order" in html and "Import lines from Excel or CSV" in html
    rpc.answer("purchasing", "get_purchase_order", {**PURCHASE_ORDER, "status": "purchased", "changeable_by_client": False})
    html = page(logged_in, "/fulfilmentportal/purchase-orders/12")
    assert "can no longer be changed or cancelled" in html and "Cancel purchase order" not in html


def test_without_the_purchasing_permission_nothing_changes(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("purchasing", "list_suppliers", [SUPPLIER])
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    html = page(logged_in, "/fulfilmentportal/purchase-orders/12")
    assert "Place purchase order" not in html
    token = csrf_token(page(logged_in, "/fulfilmentportal/account"))
    assert logged_in.post("/fulfilmentportal/purchase-orders/12/cancel", data={"csrf_token": token}).status_code == 403


def test_a_refused_change_says_why(logged_in, rpc):
    rpc.answer("purchasing", "list_suppliers", [SUPPLIER])
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    reason = "The warehouse has received goods of this purchase order; it can no longer be changed or cancelled."
    rpc.answer("purchasing", "change_purchase_order_line", error=("PurchaseOrderLocked", reason))
    token = csrf_token(page(logged_in, "/fulfilmentportal/purchase-orders/12"))
    response = logged_in.post("/fulfilmentportal/purchase-orders/12/lines/40", data={"csrf_token": token, "amount": "8"},
                              follow_redirects=True)
    assert reason in response.get_data(as_text=True)


def test_an_import_names_every_bad_row_and_imports_nothing(logged_in, rpc):
    rpc.answer("purchasing", "list_suppliers", [SUPPLIER])
    rpc.answer("purchasing", "get_purchase_order", PURCHASE_ORDER)
    rpc.answer("purchasing", "import_purchase_order_lines", {"imported": 0, "errors": [
        {"row": 3, "field": "productcode", "message": "unknown product code 'NOPE'"}]})
    token = csrf_token(page(logged_in, "/fulfilmentportal/purchase-orders/12"))
    sheet = xlsx_bytes([["artikelcode", "aantal"], ["MUG-1", 4], ["NOPE", 1]])
    response = logged_in.post("/fulfilmentportal/purchase-orders/12", content_type="multipart/form-data",
                              data={"csrf_token": token, "action": "import", "file": (__import__("io").BytesIO(sheet), "lines.xlsx")})
    assert response.status_code == 400 and "“NOPE” is not one of your product codes." in response.get_data(as_text=True)
    assert ("purchasing", "import_purchase_order_lines", (7, 12, [
        {"row": 2, "productcode": "MUG-1", "amount": 4}, {"row": 3, "productcode": "NOPE", "amount": 1}], "anna")) in rpc.calls
