"""Uploaded spreadsheets made to hurt: far too many cells, entity declarations (billion laughs,
XXE), and files that take too long. Each is refused quickly with a clear message."""
import io
import time
import zipfile

import pytest
from gateway_fakes import xlsx_bytes

from gateway import create_app
from gateway.portal import uploaded_sheets
from gateway.portal.product_import import ImportRefused, read_product_file

SHEET = "xl/worksheets/sheet1.xml"
NAMESPACE = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@pytest.fixture(autouse=True)
def request_context():
    """Refusals are translated, so they need a request's language."""
    with create_app({"TESTING": True, "SECRET_KEY": "t"}, rpc=object()).test_request_context():
        yield


def xlsx_with_sheet(sheet_xml: str) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet_xml`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["code", "name"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member, sheet_xml if member.filename == SHEET else source.read(member))
    return buffer.getvalue()


def wide_sheet(rows: int, columns: int, dimension: bool) -> str:
    row = "".join(f"<c><v>{n}</v></c>" for n in range(columns))
    stated = f'<dimension ref="A1:ZU{rows}"/>' if dimension else ""
    body = "".join(f'<row r="{r}">{row}</row>' for r in range(1, rows + 1))
    return f'<?xml version="1.0"?><worksheet {NAMESPACE}>{stated}<sheetData>{body}</sheetData></worksheet>'


@pytest.mark.parametrize("dimension", [True, False], ids=["stated size", "size not stated"])
def test_a_sheet_of_2000_rows_by_697_cells_is_refused_within_a_second(dimension):
    data = xlsx_with_sheet(wide_sheet(2000, 697, dimension))
    # This thread's CPU time, not the clock: a busy machine must not fail it (reading it all took 7 s).
    started = time.thread_time()
    with pytest.raises(ImportRefused, match="more than 200,000 cells"):
        read_product_file("wide.xlsx", data)
    assert time.thread_time() - started < 1.5


def test_a_csv_with_too_many_cells_is_refused_too():
    with pytest.raises(ImportRefused, match="more than 200,000 cells"):
        read_product_file("wide.csv", b"code,name\n" + (b"A," * 700 + b"\n") * 300)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet {ns}><sheetData><row r="1"><c t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<worksheet {ns}><sheetData><row r="1"><c t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize("sheet_xml", [BILLION_LAUGHS, XXE], ids=["billion laughs", "XXE"])
def test_entity_declarations_are_refused_clearly(sheet_xml):
    with pytest.raises(ImportRefused, match="XML entity declarations"):
        read_product_file("hostile.xlsx", xlsx_with_sheet(sheet_xml.format(ns=NAMESPACE)))


def test_reading_stops_at_the_time_limit(monkeypatch):
    monkeypatch.setattr(uploaded_sheets, "MAX_SECONDS", 0.0)
    with pytest.raises(ImportRefused, match="takes too long"):
        read_product_file("p.csv", b"code,name\nA,Mug\n")
