import io
from datetime import datetime

from openpyxl import load_workbook
from test_portal_products import MOVEMENT

ROWS = [{"idproduct": 5, "productcode": "=TS-RED-M", "name": "T-shirt", "idwarehouse": 1, "stock": 10,
         "costprice": "4.00", "costprice_since": "2026-10-01T08:00:00+00:00", "value": "40.00"},
        {"idproduct": 6, "productcode": "MUG", "name": "Mug", "idwarehouse": 2, "stock": 3, "costprice": "2.50",
         "costprice_since": None, "value": "7.50"}]


def answer(rpc):
    rpc.answer("catalog", "get_stock_as_of", ROWS)
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Tilburg"}, {"idwarehouse": 2, "name": "Venlo"}])


def test_stock_on_a_date_shows_each_row_and_the_total_value(logged_in, rpc):
    answer(rpc)
    html = logged_in.get("/fulfilmentportal/stock-on-date?date=2026-10-31&time=17:30").get_data(as_text=True)
    assert "Venlo" in html and 'data-testid="stock-value-total">€47.50' in html
    assert ("catalog", "get_stock_as_of", (7, "2026-10-31T17:30:59.999999+01:00")) in rpc.calls  # Amsterdam


def test_a_date_alone_means_the_end_of_that_day_and_today_is_the_default(logged_in, rpc):
    answer(rpc)
    logged_in.get("/fulfilmentportal/stock-on-date?date=2026-10-31")
    logged_in.get("/fulfilmentportal/stock-on-date")
    moments = [call[2][1] for call in rpc.calls if call[1] == "get_stock_as_of"]
    assert moments[0] == "2026-10-31T23:59:59.999999+01:00" and "T23:59:59.999999+0" in moments[1]


def test_a_bad_date_is_a_400_with_a_message_and_no_catalog_call(logged_in, rpc):
    answer(rpc)
    response = logged_in.get("/fulfilmentportal/stock-on-date?date=31-10-2026&time=25:00")
    assert response.status_code == 400 and "Please give a valid date and time." in response.get_data(as_text=True)
    assert not any(call[1] == "get_stock_as_of" for call in rpc.calls)


def test_export_for_accounting_is_an_xlsx_valued_at_cost(logged_in, rpc):
    answer(rpc)
    response = logged_in.get("/fulfilmentportal/stock-on-date.xlsx?date=2026-10-31")
    assert 'filename="stock on 2026-10-31.xlsx"' in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [cell.value for cell in sheet[1]] == ["Product code", "Name", "Warehouse", "Stock", "Cost price",
                                                 "Cost price since", "Value at cost"]
    # The cost price valid at that moment, and since when (in the portal's time zone).
    assert [cell.value for cell in sheet[2]] == ["'=TS-RED-M", "T-shirt", "Tilburg", 10, 4, datetime(2026, 10, 1, 10, 0), 40]


def test_stock_history_page_filters_by_warehouse_and_period_and_pages_by_keyset(logged_in, rpc):
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Tilburg"}])
    rpc.answer("catalog", "list_stock_history", [MOVEMENT] * 100)
    html = logged_in.get("/fulfilmentportal/stock-history?idwarehouse=1&sincedate=2026-11-01&untildate=nonsense&before=77"
                         ).get_data(as_text=True)
    assert ("catalog", "list_stock_history",
            (7, {"idwarehouse": 1, "sincedate": "2026-11-01", "untildate": None}, 0, 77)) in rpc.calls
    assert "TS-RED-M" in html and "before=9" in html and "Newest" in html
    logged_in.get("/fulfilmentportal/stock-history?idwarehouse=99")  # not a warehouse: all of them
    asked = [call for call in rpc.calls if call[1] == "list_stock_history"]
    assert asked[-1][2][1]["idwarehouse"] is None
