"""Stock transfers in the portal, with the services faked by their contracts; the PDF is rendered
to an image and its barcode decoded."""
import pypdfium2
from gateway_fakes import USER_7, csrf_token
from stock_transfer_barcodes import barcodes_in_pdf
from test_purchase_orders_portal import page
from test_stock_transfers_api import TRANSFER

CUSTOMER = {"idfulfilment_customer": 7, "name": "Acme BV"}


def test_the_list_filters_by_who_made_the_transfer(logged_in, rpc):
    rpc.answer("purchasing", "list_stock_transfers", [TRANSFER])
    rpc.answer("purchasing", "list_stock_transfer_creators", ["anna", "bert"])
    html = page(logged_in, "/fulfilmentportal/stock-transfers?created_by=anna&status=to_ship")
    assert "ST2026000005" in html and "Shop Utrecht" in html and '<option value="bert" >bert</option>' in html
    assert ("purchasing", "list_stock_transfers", (7, 0, {"status": "to_ship", "created_by": "anna"})) in rpc.calls
    rpc.answer("purchasing", "list_stock_transfers", [])
    assert "No stock transfers match these filters." in page(logged_in, "/fulfilmentportal/stock-transfers?created_by=x")
    assert "There are no stock transfers yet." in page(logged_in, "/fulfilmentportal/stock-transfers")


def test_a_new_transfer_takes_the_filled_rows_and_names_bad_ones(logged_in, rpc):
    token = csrf_token(page(logged_in, "/fulfilmentportal/stock-transfers/new"))
    form = {"csrf_token": token, "origin": "Shop Utrecht", "lines-0-productcode": "MUG-1", "lines-0-amount": "10",
            "lines-1-productcode": "CUP-1", "lines-1-amount": "1.5", "lines-2-productcode": "", "lines-2-amount": ""}
    refused = logged_in.post("/fulfilmentportal/stock-transfers/new", data=form)
    assert refused.status_code == 400 and "Not a valid integer value." in refused.get_data(as_text=True)
    assert not any(call[1] == "create_stock_transfer" for call in rpc.calls)
    rpc.answer("purchasing", "create_stock_transfer", error=(
        "InvalidStockTransfer", "products.1: unknown product (productcode 'CUP-1')"))
    unknown = logged_in.post("/fulfilmentportal/stock-transfers/new", data={**form, "lines-1-amount": "2"})
    assert unknown.status_code == 400 and "unknown product (productcode &#39;CUP-1&#39;)" in unknown.get_data(as_text=True)
    rpc.answer("purchasing", "create_stock_transfer", {"stock_transfer": TRANSFER, "created": True})
    made = logged_in.post("/fulfilmentportal/stock-transfers/new", data={**form, "lines-1-amount": "2"})
    assert made.status_code == 302 and made.location.endswith("/stock-transfers/5")
    assert rpc.calls[-1] == ("purchasing", "create_stock_transfer", (7, {
        "origin": "Shop Utrecht", "expected_date": None, "remarks": None,
        "products": [{"productcode": "MUG-1", "amount": 10}, {"productcode": "CUP-1", "amount": 2}]}, "anna", True))
    empty = logged_in.post("/fulfilmentportal/stock-transfers/new", data={"csrf_token": token, "origin": "Shop"})
    assert empty.status_code == 400 and "Add at least one product." in empty.get_data(as_text=True)


def test_receiving_sends_what_arrived_per_line_and_refuses_more_than_sent(logged_in, rpc):
    rpc.answer("purchasing", "get_stock_transfer", TRANSFER)
    token = csrf_token(page(logged_in, "/fulfilmentportal/stock-transfers/5"))
    too_many = logged_in.post("/fulfilmentportal/stock-transfers/5/receive",
                              data={"csrf_token": token, "received-8": "11"}, follow_redirects=True)
    assert "a whole number from 0 to the amount sent" in too_many.get_data(as_text=True)
    assert not any(call[1] == "receive_stock_transfer" for call in rpc.calls)
    rpc.answer("purchasing", "receive_stock_transfer", {**TRANSFER, "status": "received"})
    logged_in.post("/fulfilmentportal/stock-transfers/5/receive", data={"csrf_token": token, "received-8": "9"})
    assert rpc.calls[-1] == ("purchasing", "receive_stock_transfer",
                             (7, 5, {"products": [{"idstocktransfer_product": 8, "amount": 9}]}, "anna", USER_7["user_id"]))
    rpc.answer("purchasing", "get_stock_transfer", {**TRANSFER, "status": "received", "products": [
        {**TRANSFER["products"][0], "amount_received": 9, "amount_difference": -1}]})
    html = page(logged_in, "/fulfilmentportal/stock-transfers/5")
    assert "Mark as received" not in html and "Cancel stock transfer" not in html and ">-1<" in html


def test_cancelling_a_received_transfer_says_why(logged_in, rpc):
    rpc.answer("purchasing", "get_stock_transfer", TRANSFER)
    token = csrf_token(page(logged_in, "/fulfilmentportal/stock-transfers/5"))
    reason = "The stock transfer has been received; it can no longer be changed or cancelled."
    rpc.answer("purchasing", "cancel_stock_transfer", error=("StockTransferLocked", reason))
    response = logged_in.post("/fulfilmentportal/stock-transfers/5/cancel", data={"csrf_token": token},
                              follow_redirects=True)
    assert reason in response.get_data(as_text=True)


def test_the_pdf_is_one_a4_page_whose_barcode_reads_the_transfer_number(logged_in, rpc):
    rpc.answer("purchasing", "get_stock_transfer", TRANSFER)
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 2, "name": "Inbound dock"}])
    response = logged_in.get("/fulfilmentportal/stock-transfers/5/pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert response.headers["Content-Disposition"] == 'inline; filename="ST2026000005.pdf"'
    document = pypdfium2.PdfDocument(response.data)
    assert len(document) == 1 and [round(side) for side in document[0].get_size()] == [595, 842]  # A4 in points
    assert barcodes_in_pdf(response.data) == [(1, "Code128", "ST2026000005")]
    text = document[0].get_textpage().get_text_range()
    assert "Shop Utrecht" in text and "Inbound dock" in text and "MUG-1" in text


def test_a_long_transfer_runs_over_pages_and_the_api_gives_the_same_pdf(client, rpc, customer_headers):
    lines = [{**TRANSFER["products"][0], "idstocktransfer_product": n, "productcode": f"P-{n}"} for n in range(90)]
    rpc.answer("purchasing", "get_stock_transfer", {**TRANSFER, "products": lines})
    rpc.answer("catalog", "list_warehouses", [])
    rpc.answer("accounts", "get_customer", CUSTOMER)
    response = client.get("/api/v1/stocktransfers/5/pdf", headers=customer_headers)
    assert response.status_code == 200
    assert len(pypdfium2.PdfDocument(response.data)) >= 2
    assert barcodes_in_pdf(response.data)[0] == (1, "Code128", "ST2026000005")


INBOUND = [{"idproduct": 5, "productcode": "MUG-1", "name": "Mug", "amount_expected": 13,
            "first_expected_date": "2026-12-05", "sources": [
                {"type": "purchaseorder", "id": 12, "number": "PO2026000012", "status": "purchased", "amount": 3,
                 "expected_date": "2026-12-05"},
                {"type": "stocktransfer", "id": 5, "number": "ST2026000005", "status": "to_ship", "amount": 10,
                 "expected_date": None}]}]
BACKORDER = {"idbackorder": 1, "idorder": 4, "orderid": "O2026000004", "reference": None, "idorder_product": 9,
             "idfulfilment_customer": 7, "idproduct": 5, "productcode": "MUG-1", "name": "Mug", "idwarehouse": 2,
             "amount": 4, "reason": None, "created": "2026-12-01T10:00:00+00:00"}


def test_the_dashboard_shows_what_is_on_its_way_next_to_free_stock_and_backorders(logged_in, rpc):
    rpc.answer("catalog", "count_products", 1)
    rpc.answer("catalog", "count_low_stock_products", 0)
    rpc.answer("orders", "count_backordered_orders", 1)
    html = page(logged_in, "/fulfilmentportal/")
    assert "Nothing is on its way" in html
    rpc.answer("purchasing", "list_expected_inbound", INBOUND)
    rpc.answer("orders", "list_backorders", [BACKORDER, {**BACKORDER, "idbackorder": 2, "amount": 1}])
    rpc.answer("catalog", "find_products", [{"idproduct": 5, "freestock": 0, "stock": []}])
    html = page(logged_in, "/fulfilmentportal/")
    row = html[html.index('data-testid="expected-inbound"'):]
    assert all(text in row for text in ("MUG-1", ">5<", "13", "December 5, 2026", "PO2026000012", "ST2026000005",
                                        "/fulfilmentportal/stock-transfers/5", "/fulfilmentportal/purchase-orders/12"))
    assert ("purchasing", "list_expected_inbound", (7, {})) in rpc.calls


def test_lines_are_added_changed_and_removed_by_replacing_them_all(logged_in, rpc):
    two = {**TRANSFER, "products": TRANSFER["products"] + [
        {**TRANSFER["products"][0], "idstocktransfer_product": 9, "idproduct": 6, "productcode": "CUP-1"}]}
    rpc.answer("purchasing", "get_stock_transfer", two)
    rpc.answer("purchasing", "update_stock_transfer", two)
    token = csrf_token(page(logged_in, "/fulfilmentportal/stock-transfers/5"))
    logged_in.post("/fulfilmentportal/stock-transfers/5/lines", data={"csrf_token": token, "productcode": "MUG-1",
                                                                      "amount": "2"})
    assert rpc.calls[-1][2][2] == {"products": [{"idproduct": 5, "amount": 12}, {"idproduct": 6, "amount": 10}]}
    logged_in.post("/fulfilmentportal/stock-transfers/5/lines", data={"csrf_token": token, "productcode": "CAP-1",
                                                                      "amount": "1"})
    assert rpc.calls[-1][2][2]["products"][-1] == {"productcode": "CAP-1", "amount": 1}
    logged_in.post("/fulfilmentportal/stock-transfers/5/lines/9", data={"csrf_token": token, "amount": "3"})
    assert rpc.calls[-1][2] == (7, 5, {"products": [{"idproduct": 5, "amount": 10}, {"idproduct": 6, "amount": 3}]},
                                True)
    logged_in.post("/fulfilmentportal/stock-transfers/5/lines/8", data={"csrf_token": token, "remove": "1"})
    assert rpc.calls[-1][2][2] == {"products": [{"idproduct": 6, "amount": 10}]}
    calls = len(rpc.calls)
    bad = logged_in.post("/fulfilmentportal/stock-transfers/5/lines/9", data={"csrf_token": token, "amount": "-1"},
                         follow_redirects=True)
    assert "Enter a whole number from 1 to 100,000." in bad.get_data(as_text=True)
    assert logged_in.post("/fulfilmentportal/stock-transfers/5/lines/77", data={"csrf_token": token,
                                                                              "amount": "1"}).status_code == 404
    assert not [call for call in rpc.calls[calls:] if call[1] == "update_stock_transfer"]
