"""The portal's product pages, with the catalog faked from its contract."""
import csv
import io

import pytest
from gateway_fakes import USER_7, csrf_token
from openpyxl import load_workbook
from test_portal import PRODUCT

MOVEMENT = {"idproduct_stock_history": 9, "idproduct": 5, "productcode": "TS-RED-M", "idwarehouse": 1, "idfulfilment_customer": 7,
            "old_stock": 12, "stock_change": -2, "new_stock": 10, "reason": "Damaged in transit",
            "reference_type": None, "reference_id": None, "changed_by": None,
            "changed_at": "2026-11-23T12:34:56+00:00"}
EDITOR = {**USER_7, "permissions": ["products"]}


@pytest.fixture
def editor(logged_in, rpc):
    """Anna, allowed to manage products."""
    rpc.answer("accounts", "get_session_user", EDITOR)
    return logged_in


@pytest.fixture
def product_page(rpc):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main warehouse"}])
    rpc.answer("catalog", "list_stock_history", [MOVEMENT])


def test_list_passes_search_filters_and_sort_and_ignores_what_it_does_not_know(logged_in, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT])
    logged_in.get("/fulfilmentportal/products?search=shirt&stock=in_stock&active=0&sort=-price&offset=100")
    logged_in.get("/fulfilmentportal/products?stock=all&active=yes&sort=customer_id&offset=x")
    calls = [call[2] for call in rpc.calls if call[1] == "list_products"]
    assert calls == [(7, 100, "shirt", {"stock": "in_stock", "active": False, "sort": "-price"}),
                     (7, 0, None, {"stock": None, "active": None, "sort": None})]


def test_list_links_keep_filters_and_offer_exports(logged_in, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT] * 100)
    html = logged_in.get("/fulfilmentportal/products?stock=out_of_stock&sort=name").get_data(as_text=True)
    assert "offset=100" in html and "stock=out_of_stock" in html
    assert "/fulfilmentportal/products/export.xlsx?stock=out_of_stock&amp;sort=name" in html
    assert "/fulfilmentportal/products/export.csv" in html


def test_the_list_shows_each_products_first_photo_asked_for_in_one_call(logged_in, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT, {**PRODUCT, "idproduct": 6, "productcode": "BARE"}])
    rpc.answer("catalog", "list_first_product_images", {"5": 41})
    html = logged_in.get("/fulfilmentportal/products").get_data(as_text=True)
    assert [args for _, name, args in rpc.calls if name == "list_first_product_images"] == [(7, [5, 6])]
    assert 'src="/fulfilmentportal/products/5/images/41/thumbnail"' in html
    assert html.count('class="no-photo"') == 1


def test_filters_that_match_nothing_say_so(logged_in, rpc):
    rpc.answer("catalog", "list_products", [])
    assert "No products match these filters." in logged_in.get(
        "/fulfilmentportal/products?stock=in_stock").get_data(as_text=True)


def test_users_without_the_permission_see_no_add_or_edit_and_are_refused(logged_in, rpc, product_page):
    rpc.answer("catalog", "list_products", [PRODUCT])
    assert "Add product" not in logged_in.get("/fulfilmentportal/products").get_data(as_text=True)
    assert "Edit product" not in logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert logged_in.get("/fulfilmentportal/products/new").status_code == 403
    assert logged_in.get("/fulfilmentportal/products/5/edit").status_code == 403
    assert not any(call[1] in ("create_product", "update_product") for call in rpc.calls)


def test_product_page_shows_cost_price_stock_value_and_history(logged_in, rpc, product_page):
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert "400.00" in html and 'data-testid="stock-value">€4,000.00' in html  # 10 on hand at 400.00
    assert "Damaged in transit" in html and "November 23, 2026, 1:34\u202fPM" in html  # 12:34 UTC, in Amsterdam and "-2" in html
    assert "Older" not in html
    assert ("catalog", "list_stock_history", (7, {"idproduct": 5}, 0, None)) in rpc.calls


def test_history_pages_back_by_the_last_id_shown(logged_in, rpc, product_page):
    rpc.answer("catalog", "list_stock_history", [MOVEMENT] * 100)
    html = logged_in.get("/fulfilmentportal/products/5?before=50").get_data(as_text=True)
    assert "before=9#history" in html and "Newest" in html
    assert ("catalog", "list_stock_history", (7, {"idproduct": 5}, 0, 50)) in rpc.calls


def test_product_page_in_dutch(logged_in, rpc, product_page):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert "Kostprijs" in html and "Voorraadhistorie" in html and "1.234,50" in html


def test_editor_adds_a_product(editor, rpc):
    rpc.answer("catalog", "create_product", PRODUCT)
    token = csrf_token(editor.get("/fulfilmentportal/products/new").get_data(as_text=True))
    response = editor.post("/fulfilmentportal/products/new", data={
        "csrf_token": token, "productcode": "TS-RED-M", "name": "T-shirt red M", "price": "12.5",
        "costprice": "", "weight": "180", "active": "y"})
    assert response.status_code == 302 and response.location.endswith("/fulfilmentportal/products/5")
    assert ("catalog", "create_product", (7, {"productcode": "TS-RED-M", "name": "T-shirt red M", "barcode": None,
                                              "price": "12.5", "costprice": "0", "weight": 180, "minimum_stock": 0, "active": True})) in rpc.calls


def test_add_form_needs_its_csrf_token(editor, rpc):
    response = editor.post("/fulfilmentportal/products/new", data={"productcode": "X", "name": "X"})
    assert response.status_code == 400
    assert not any(call[1] == "create_product" for call in rpc.calls)


def test_bad_input_is_shown_at_its_field(editor, rpc):
    token = csrf_token(editor.get("/fulfilmentportal/products/new").get_data(as_text=True))
    response = editor.post("/fulfilmentportal/products/new", data={
        "csrf_token": token, "productcode": "", "name": "Mug", "price": "-3"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.get_data(as_text=True)
    rpc.answer("catalog", "create_product", error=("DuplicateProductCode", "productcode: 'MUG' already exists"))
    response = editor.post("/fulfilmentportal/products/new", data={"csrf_token": token, "productcode": "MUG", "name": "Mug"})
    assert response.status_code == 400 and "You already have a product with this code." in response.get_data(as_text=True)
    rpc.answer("catalog", "create_product", error=("InvalidProduct", "barcode: Longer than maximum length 100."))
    response = editor.post("/fulfilmentportal/products/new", data={"csrf_token": token, "productcode": "MUG", "name": "Mug"})
    assert response.status_code == 400 and "Longer than maximum length 100." in response.get_data(as_text=True)


def test_prices_may_be_typed_with_a_decimal_comma(editor, rpc):
    rpc.answer("catalog", "create_product", PRODUCT)
    token = csrf_token(editor.get("/fulfilmentportal/products/new").get_data(as_text=True))
    editor.post("/fulfilmentportal/products/new", data={"csrf_token": token, "productcode": "MUG", "name": "Mug",
                                                         "price": "12,50", "costprice": " 3,1 "})
    [(_, _, (_, data))] = [call for call in rpc.calls if call[1] == "create_product"]
    assert (data["price"], data["costprice"]) == ("12.50", "3.1")


def test_editor_edits_a_product_without_ever_sending_its_code(editor, rpc, product_page):
    rpc.answer("catalog", "update_product", PRODUCT)
    html = editor.get("/fulfilmentportal/products/5/edit").get_data(as_text=True)
    assert 'value="TS-RED-M"' in html and "readonly" in html and 'value="400.00"' in html
    response = editor.post("/fulfilmentportal/products/5/edit", data={
        "csrf_token": csrf_token(html), "productcode": "HACKED", "name": "T-shirt rood M", "price": "1234.50",
        "costprice": "400", "weight": "180"})
    assert response.status_code == 302
    [(_, _, (customer, product_id, data))] = [call for call in rpc.calls if call[1] == "update_product"]
    assert (customer, product_id, data["name"], data["active"]) == (7, 5, "T-shirt rood M", False)
    assert "productcode" not in data


def test_editing_another_customers_product_is_404(editor, rpc):
    rpc.answer("catalog", "get_product", error=("ProductNotFound", "product 5 not found"))
    assert editor.get("/fulfilmentportal/products/5/edit").status_code == 404


def test_csv_export_has_every_page_and_neutralises_formulas(logged_in, rpc):
    evil = {**PRODUCT, "name": "=HYPERLINK(\"http://evil\")", "barcode": "+31 6", "productcode": "@SUM"}
    pages = {0: [PRODUCT] * 100, 100: [evil]}
    rpc.answer("catalog", "list_products", lambda customer, offset, search, filters: pages[offset])
    response = logged_in.get("/fulfilmentportal/products/export.csv?search=shirt")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Product code", "Name", "Barcode"] and len(rows) == 102
    assert rows[-1][:3] == ["'@SUM", "'=HYPERLINK(\"http://evil\")", "'+31 6"]
    assert [call[2][1] for call in rpc.calls if call[1] == "list_products"] == [0, 100]


def test_xlsx_export_opens_in_a_spreadsheet_with_neutralised_text(logged_in, rpc):
    rpc.answer("catalog", "list_products", [{**PRODUCT, "name": "-1+2"}])
    response = logged_in.get("/fulfilmentportal/products/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    header, row = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    assert header[:2] == ["Product code", "Name"] and row[:2] == ["TS-RED-M", "'-1+2"]
    assert row[3] == 1234.5 and row[-1] == 8


def upload(client, data: bytes, filename: str = "products.csv"):
    token = csrf_token(client.get("/fulfilmentportal/products/import").get_data(as_text=True))
    return client.post("/fulfilmentportal/products/import", content_type="multipart/form-data",
                       data={"csrf_token": token, "file": (io.BytesIO(data), filename)})


def test_import_sends_the_rows_and_reports_the_result(editor, rpc):
    rpc.answer("catalog", "import_products", {"created": 1, "updated": 1, "errors": []})
    response = upload(editor, b"code,naam\nA,Eerste\nB,Tweede\n")
    assert response.status_code == 302
    [(_, _, (customer, rows))] = [call for call in rpc.calls if call[1] == "import_products"]
    assert customer == 7 and rows == [{"row": 2, "product": {"productcode": "A", "name": "Eerste"}},
                                      {"row": 3, "product": {"productcode": "B", "name": "Tweede"}}]
    rpc.answer("catalog", "list_products", [])
    assert "1 products added, 1 updated" in editor.get("/fulfilmentportal/products").get_data(as_text=True)


def test_catalog_row_errors_are_shown_under_the_files_own_column_names(editor, rpc):
    rpc.answer("catalog", "import_products", {"created": 0, "updated": 0, "errors": [
        {"row": 3, "field": "price", "message": "Must be greater than or equal to 0."}]})
    response = upload(editor, b"code,Verkoopprijs\nA,1\nB,-1\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported" in html
    assert "<td class=\"num\">3</td><td>Verkoopprijs</td><td>Must be greater than or equal to 0.</td>" in html


def test_header_errors_stop_the_import_before_the_catalog(editor, rpc):
    response = upload(editor, b"code,kleur\nA,blauw\n")
    assert response.status_code == 400 and "Unknown column." in response.get_data(as_text=True)
    assert not any(call[1] == "import_products" for call in rpc.calls)


def test_unreadable_file_is_a_form_error(editor, rpc):
    response = upload(editor, b"PK\x03\x04 broken", "products.xlsx")
    assert response.status_code == 400 and "not an Excel file" in response.get_data(as_text=True)


def test_import_needs_the_permission(logged_in, rpc):
    assert logged_in.get("/fulfilmentportal/products/import").status_code == 403


def test_an_upload_over_16_mb_is_refused_before_it_is_read(editor):
    token = csrf_token(editor.get("/fulfilmentportal/products/import").get_data(as_text=True))
    response = editor.post("/fulfilmentportal/products/import", content_type="multipart/form-data",
                           data={"csrf_token": token, "file": (io.BytesIO(b"x" * (17 * 1024 * 1024)), "big.csv")})
    assert response.status_code == 413


def test_dashboard_and_product_page_tell_of_stock_below_the_minimum(logged_in, rpc, product_page):
    rpc.answer("catalog", "count_products", 3)
    rpc.answer("catalog", "count_low_stock_products", 2)
    html = logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert "2 products are below their minimum stock." in html and "stock=below_minimum" in html
    rpc.answer("catalog", "get_product", {**PRODUCT, "minimum_stock": 10})
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert "Free stock (8) is below the minimum of 10." in html
    rpc.answer("catalog", "count_low_stock_products", 0)
    assert "low-stock-notice" not in logged_in.get("/fulfilmentportal/").get_data(as_text=True)
