"""Order lines from an uploaded Excel or CSV file, and the current order page that takes it."""
import io

import pytest
from gateway_fakes import USER_7, csrf_token, xlsx_bytes

from gateway import create_app
from gateway.portal.order_import import order_lines_from_file
from gateway.portal.uploaded_sheets import ImportRefused


@pytest.fixture
def request_context():
    with create_app({"TESTING": True, "SECRET_KEY": "t"}, rpc=object()).test_request_context():
        yield


def test_dutch_headers_and_other_columns_are_fine(request_context):
    data = xlsx_bytes([["Omschrijving", "Artikelcode", "Aantal"], ["Mug", "MUG-1", 3], [None, None, None], ["Cup", 8712345, 2.0]])
    assert order_lines_from_file("bestelling.xlsx", data) == [
        {"row": 2, "productcode": "MUG-1", "amount": 3}, {"row": 4, "productcode": "8712345", "amount": 2.0}]


def test_csv_with_english_headers_and_semicolons(request_context):
    data = "SKU;Quantity;Note\nMUG-1;3;x\nCUP-1;abc;y\n".encode()
    assert order_lines_from_file("order.csv", data)[1] == {"row": 3, "productcode": "CUP-1", "amount": "abc"}


@pytest.mark.parametrize("rows,message", [
    ([["name", "colour"], ["Mug", "blue"]], "column for the product code"),
    ([["productcode", "amount"]], "no order lines"),
])
def test_files_without_the_needed_columns_or_lines_are_refused(request_context, rows, message):
    with pytest.raises(ImportRefused, match=message):
        order_lines_from_file("o.xlsx", xlsx_bytes(rows))


def test_more_than_10000_lines_are_refused(request_context):
    with pytest.raises(ImportRefused, match="more than 10,000 rows"):
        order_lines_from_file("o.csv", b"code,amount\n" + b"A,1\n" * 10_001)


def upload(logged_in, rpc, data: bytes, filename="order.xlsx"):
    rpc.answer("orders", "get_current_order", {"details": {}, "version": 1, "lines": [], "line_count": 0, "offset": 0})
    token = csrf_token(logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True))
    return logged_in.post("/fulfilmentportal/current-order", content_type="multipart/form-data",
                          data={"csrf_token": token, "action": "import", "file": (io.BytesIO(data), filename)})


def test_an_import_with_bad_rows_lists_each_row_and_imports_nothing(logged_in, rpc):
    rpc.answer("orders", "import_current_order_lines", {"imported": 0, "errors": [
        {"row": 3, "field": "productcode", "message": "unknown product code 'NOPE'"}]})
    response = upload(logged_in, rpc, xlsx_bytes([["code", "amount"], ["MUG-1", 1], ["NOPE", 2]]))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Nothing was imported: 1 problem." in html and "“NOPE” is not one of your product codes." in html
    sent = next(call for call in rpc.calls if call[1] == "import_current_order_lines")
    assert sent[2] == (7, 3, [{"row": 2, "productcode": "MUG-1", "amount": 1}, {"row": 3, "productcode": "NOPE", "amount": 2}])


def test_a_good_import_goes_back_to_the_current_order(logged_in, rpc):
    rpc.answer("orders", "import_current_order_lines", {"imported": 2, "errors": []})
    response = upload(logged_in, rpc, b"code,amount\nMUG-1,1\nCUP-1,2\n", "order.csv")
    assert response.status_code == 302 and response.location.endswith("/fulfilmentportal/current-order")


def test_a_file_that_is_not_a_spreadsheet_is_a_form_error(logged_in, rpc):
    response = upload(logged_in, rpc, b"%PDF-1.4", "order.pdf")
    assert response.status_code == 400 and "Upload an Excel" in response.get_data(as_text=True)
    assert not any(call[1] == "import_current_order_lines" for call in rpc.calls)


def test_every_row_problem_the_services_write_is_shown_in_dutch(logged_in, rpc):
    from servicekit.line_import import imported_lines
    rows = [{"row": 2, "productcode": "", "amount": 1}, {"row": 3, "productcode": "NOPE", "amount": "-2"},
            {"row": 4, "productcode": "MUG-1", "amount": None}, {"row": 5, "productcode": "MUG-1", "amount": 1}]
    errors = imported_lines(rows, {"MUG-1": 5}, 100_000).errors  # as orders and purchasing write them
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    rpc.answer("orders", "import_current_order_lines", {"imported": 0, "errors": errors})
    html = upload(logged_in, rpc, xlsx_bytes([["code", "amount"], ["NOPE", 1]])).get_data(as_text=True)
    for dutch in ("Er staat geen artikelcode.", "“NOPE” is geen van uw artikelcodes.",
                  "-2 is geen heel getal van 1 tot en met 100.000.", "Het aantal is leeg",
                  "“MUG-1” staat ook op rij 4"):
        assert dutch in html
    assert "is not" not in html and "unknown product code" not in html


@pytest.mark.parametrize("count,says", [(1, "1 regel geïmporteerd in uw huidige bestelling."),
                                        (1234, "1.234 regels geïmporteerd in uw huidige bestelling.")])
def test_a_dutch_user_reads_how_many_lines_were_imported_in_singular_or_plural(logged_in, rpc, count, says):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    rpc.answer("orders", "import_current_order_lines", {"imported": count, "errors": []})
    upload(logged_in, rpc, xlsx_bytes([["code", "amount"], ["MUG-1", 1]]))
    assert says in logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
