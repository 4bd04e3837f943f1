"""CSV exports that Excel opens in columns: UTF-8 with a byte order mark; for a Dutch reader
semicolons and decimal commas (what Excel in a Dutch Windows expects), for an English one commas
and decimal points, and either on request. Each test reads the file back as Excel would."""
import csv
import io

import pytest
from gateway_fakes import USER_7
from test_portal import PRODUCT

PRICED = {**PRODUCT, "name": "Tent; 2 persons, “Été”", "price": "1234.50", "costprice": "-3.10"}


def export(client, rpc, query: str = ""):
    rpc.answer("catalog", "list_products", [PRICED])
    response = client.get(f"/fulfilmentportal/products/export.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return response.data


def read_back(data: bytes, separator: str) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a byte order mark, so Excel reads UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=separator))


@pytest.fixture
def dutch(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    return logged_in


def test_a_dutch_reader_gets_semicolons_and_decimal_commas(dutch, rpc):
    header, row = read_back(export(dutch, rpc), ";")
    assert header[:5] == ["Productcode", "Naam", "Barcode", "Prijs", "Kostprijs"]
    assert row[:5] == ["TS-RED-M", "Tent; 2 persons, “Été”", "8712345678901", "1234,50", "-3,10"]
    assert row[-1] == "8" and len(row) == len(header)


def test_an_english_reader_gets_commas_and_decimal_points(logged_in, rpc):
    header, row = read_back(export(logged_in, rpc), ",")
    assert header[:4] == ["Product code", "Name", "Barcode", "Price"]
    assert row[1:5] == ["Tent; 2 persons, “Été”", "8712345678901", "1234.50", "-3.10"]


def test_either_style_on_request_and_nonsense_is_the_readers_own(dutch, rpc):
    _, row = read_back(export(dutch, rpc, "?separator=comma"), ",")
    assert row[3] == "1234.50"
    _, row = read_back(export(dutch, rpc, "?separator=tab"), ";")
    assert row[3] == "1234,50"


def test_the_list_offers_the_readers_csv_and_the_other(dutch, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT])
    html = dutch.get("/fulfilmentportal/products?search=tent").get_data(as_text=True)
    assert "/fulfilmentportal/products/export.csv?separator=semicolon&amp;search=tent" in html
    assert 'data-testid="other-csv">met komma' in html and "export.csv?separator=comma&amp;search=tent" in html


def test_a_negative_price_is_a_number_not_a_neutralised_formula(logged_in, rpc):
    _, row = read_back(export(logged_in, rpc, "?separator=semicolon"), ";")
    assert row[4] == "-3,10"
