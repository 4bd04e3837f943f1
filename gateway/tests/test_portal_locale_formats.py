"""Dates and numbers in the reader's language: 1 december 2026 and € 1.234,50 (a no-break space) for a Dutch user,
December 1, 2026 and €1,234.50 for an English one; date inputs keep their ISO values."""
from datetime import date

import pytest
from gateway_fakes import USER_7
from test_orders_gateway import ORDER
from test_portal import PRODUCT

from gateway.portal.formatting import day, money, number, when

DUTCH = {**USER_7, "language": "nl"}
BIG_ORDER = {**ORDER, "created": "2026-12-01T09:05:00+00:00",
             "products": [{**ORDER["products"][0], "amount": 1500, "price": "1234.50"}]}


@pytest.mark.parametrize("language, expected", [
    ("nl", ("1 december 2026, 10:05", "24 december 2026", "€\xa01.234,50", "12.345")),
    ("en", ("December 1, 2026, 10:05\u202fAM", "December 24, 2026", "€1,234.50", "12,345")),
])
def test_filters_write_dates_and_numbers_as_the_language_does(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert (when("2026-12-01T09:05:00+00:00"), day("2026-12-24"), money("1234.50"), number(12345)) == expected


def test_what_is_not_a_date_or_number_shows_as_nothing_or_as_it_came(app):
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert (when(None), when("nonsense"), day(None), day(""), money(None), money("x")) == ("",) * 6
        assert (number(None), number("12-A")) == ("", "12-A")
        assert day(date(2027, 1, 2)) == "2 januari 2027" and day("2027-01-02T00:00:00+00:00") == "2 januari 2027"


def test_summer_time_is_shown_in_the_portals_time_zone(app):
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert when("2026-07-01T22:30:00+00:00") == "2 juli 2026, 00:30"  # CEST, UTC+2


def test_dutch_user_reads_the_order_page_in_dutch_formats(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", DUTCH)
    rpc.answer("orders", "get_order", BIG_ORDER)
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert "1 december 2026, 10:05" in html and "€\xa01.234,50" in html and ">1.500<" in html
    assert "2026-12-01" not in html and "1234.50" not in html


def test_english_user_reads_the_same_page_in_english_formats(logged_in, rpc):
    rpc.answer("orders", "get_order", BIG_ORDER)
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert "December 1, 2026" in html and "€1,234.50" in html and ">1,500<" in html


def test_date_filters_keep_their_iso_values_in_any_language(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", DUTCH)
    html = logged_in.get("/fulfilmentportal/orders?created_from=2026-12-01&created_until=2026-12-24").get_data(as_text=True)
    assert 'name="created_from" value="2026-12-01"' in html and 'name="created_until" value="2026-12-24"' in html


def test_product_page_writes_stock_and_prices_in_dutch(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", DUTCH)
    rpc.answer("catalog", "get_product", {**PRODUCT, "weight": 1800})
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main warehouse"}])
    rpc.answer("catalog", "list_stock_history", [])
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert "€\xa01.234,50" in html and "<dd>1.800</dd>" in html
