"""The product page's charts: stock and stock value through the last days, in the user's
warehouses and language, with the figures beside them."""
from gateway_fakes import USER_7
from test_portal import PRODUCT

OVER_TIME = [{"date": "2026-11-29", "stock": 0, "value": "0.00"},
             {"date": "2026-11-30", "stock": 12, "value": "1234.50"},
             {"date": "2026-12-01", "stock": 10, "value": "1028.75"}]


def product_page(client, rpc) -> str:
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main warehouse"}])
    rpc.answer("catalog", "list_stock_history", [])
    rpc.answer("catalog", "get_stock_over_time", OVER_TIME)
    response = client.get("/fulfilmentportal/products/5")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_product_page_charts_stock_and_its_value_with_the_figures(logged_in, rpc):
    html = product_page(logged_in, rpc)
    assert ("catalog", "get_stock_over_time", (7, 5, {"days": 90})) in rpc.calls
    stock = html[html.index('data-testid="stock-chart"'):html.index('data-testid="stock-value-chart"')]
    assert '<svg class="chart chart-steps"' in stock and "Stock of TS-RED-M, the last 3 days" in stock
    assert "the stock went from 0 to 10; highest 12, lowest 0." in stock
    assert '<td>November 30, 2026</td><td class="num">12</td>' in stock
    value = html[html.index('data-testid="stock-value-chart"'):]
    assert "worth 0.00 at first and 1,028.75 at last." in value
    assert '<td class="num">1,234.50</td>' in value


def test_product_charts_are_in_dutch_for_a_dutch_user_and_in_their_warehouses(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl", "warehouse_ids": [1]})
    html = product_page(logged_in, rpc)
    assert ("catalog", "get_stock_over_time", (7, 5, {"days": 90, "idwarehouses": [1]})) in rpc.calls
    assert "Voorraad van TS-RED-M, de laatste 3 dagen" in html
    assert '<td>30 november 2026</td><td class="num">1.234,50</td>' in html
    assert ">29 nov<" in html and ">1 dec<" in html  # the axis names the first, middle and last day


def test_a_product_without_history_shows_no_charts(logged_in, rpc):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "list_warehouses", [])
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert 'data-testid="stock-chart"' not in html


def test_product_page_asks_for_its_parts_at_once_once_the_product_is_found_to_be_the_clients(logged_in, rpc):
    asked_together = []
    call_all = rpc.call_all
    rpc.call_all = lambda calls, timeout=None: asked_together.append(calls) or call_all(calls, timeout)
    product_page(logged_in, rpc)
    [calls] = asked_together
    assert {call[1] for call in calls.values()} == {"list_stock_history", "list_warehouses", "list_product_images",
                                                    "get_stock_over_time", "list_expected_inbound", "list_backorders"}
    rpc.answer("catalog", "get_product", error=("ProductNotFound", "product 5 not found"))
    asked_together.clear()
    assert logged_in.get("/fulfilmentportal/products/5").status_code == 404 and asked_together == []
