"""Reading product import files: headers in Dutch or English, values as the catalog takes them,
and refusals for what cannot be read safely."""
import io

import pytest
from gateway_fakes import xlsx_bytes
from openpyxl import Workbook

from gateway import create_app
from gateway.portal import product_import
from gateway.portal.product_import import ImportRefused, products_from_rows, read_product_file


@pytest.fixture(autouse=True)
def request_context():
    """Refusals are translated, so they need a request's language."""
    with create_app({"TESTING": True, "SECRET_KEY": "t"}, rpc=object()).test_request_context():
        yield


def test_dutch_headers_and_excel_values_become_catalog_fields():
    rows = read_product_file("producten.xlsx", xlsx_bytes([["Artikelcode", "Naam", "Streepjescode", "Prijs", "Kostprijs", "Gewicht (g)", "Actief"],
                                              ["MUG-1", "Mok", 8712345678906, 12.5, "3,10", 350.0, "ja"]]))
    products, header_of, errors = products_from_rows(rows)
    assert errors == []
    assert products == [{"row": 2, "product": {"productcode": "MUG-1", "name": "Mok", "barcode": "8712345678906",
                                               "price": "12.5", "costprice": "3.10", "weight": 350, "active": True}}]
    assert header_of["weight"] == "Gewicht (g)"


def test_csv_with_semicolons_keeps_spreadsheet_row_numbers_and_skips_blank_rows():
    data = "Product code;Name;Price\nA-1;First;1,50\n;;\nA-2;Second;x\n".encode("cp1252")
    products, _, errors = products_from_rows(read_product_file("export.CSV", data))
    assert errors == [] and [p["row"] for p in products] == [2, 4]
    assert products[1]["product"] == {"productcode": "A-2", "name": "Second", "price": "x"}  # the catalog names it


def test_unknown_and_repeated_headers_are_reported_and_a_code_column_is_needed():
    _, _, errors = products_from_rows([["Name", "Colour", "naam"], ["Mug", "blue", "Mok"]])
    assert [(e["row"], e["column"]) for e in errors] == [(1, "Colour"), (1, "naam"), (1, "productcode")]


def test_values_that_do_not_convert_are_passed_on_for_the_catalog_to_name():
    products, _, _ = products_from_rows([["code", "weight", "active"], ["A", "1.5", "maybe"]])
    assert products[0]["product"] == {"productcode": "A", "weight": "1.5", "active": "maybe"}


def test_formulas_are_refused_naming_the_cell():
    with pytest.raises(ImportRefused, match="Cell C2 holds a formula"):
        read_product_file("p.xlsx", xlsx_bytes([["code", "name", "price"], ["A", "Mug", "=1+1"]]))


def test_a_sheet_of_a_million_rows_is_refused_before_it_is_read():
    workbook = Workbook()
    workbook.active.append(["code", "name"])
    workbook.active.cell(row=1_000_000, column=1, value="Z")
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportRefused, match="more than 5,000 rows"):
        read_product_file("big.xlsx", buffer.getvalue())


def test_more_rows_than_the_limit_are_refused_in_csv_too(monkeypatch):
    monkeypatch.setattr(product_import, "MAX_ROWS", 3)
    with pytest.raises(ImportRefused, match="more than 3 rows"):
        read_product_file("p.csv", b"code,name\n" + b"A,B\n" * 4)


@pytest.mark.parametrize("filename,data,message", [
    ("p.xlsx", b"not a zip", "not an Excel file"),
    ("p.pdf", b"%PDF", "Upload an Excel"),
    ("p.csv", b"x" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ("p.csv", b"", "empty"),
])
def test_files_that_cannot_be_read_are_refused_clearly(filename, data, message):
    with pytest.raises(ImportRefused, match=message):
        read_product_file(filename, data)


def test_a_header_without_products_is_refused():
    with pytest.raises(ImportRefused, match="no products"):
        products_from_rows([["code", "name"], [None, None]])


def test_an_xlsx_that_unpacks_to_a_huge_size_is_refused_before_it_is_read():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * (150 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024  # a small upload ...
    with pytest.raises(ImportRefused, match="unpacks to more than 100 MB"):  # ... that is a zip bomb
        read_product_file("bomb.xlsx", buffer.getvalue())
