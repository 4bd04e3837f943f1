"""Product lists as xlsx and csv downloads. A csv is UTF-8 with a byte order mark, and written as
Excel reads it in the reader's language: semicolons and decimal commas where the decimal sign is a
comma (Dutch), commas and decimal points otherwise; the export offers the other one too. Cells that a spreadsheet would read as a formula
(starting with = + - @, or a tab or carriage return before one) are neutralised with a leading
apostrophe: an export must not run code when the client opens it."""
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import get_decimal_symbol
from flask import Response
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook

from gateway.portal.formatting import local_moment

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    title: object  # a lazy translation
    value: Callable[[dict], object]

    def header(self) -> str:
        return str(self.title)


PRODUCT_COLUMNS = (
    Column(_l("Product code"), lambda p: p["productcode"]),
    Column(_l("Name"), lambda p: p["name"]),
    Column(_l("Barcode"), lambda p: p["barcode"] or ""),
    Column(_l("Price"), lambda p: Decimal(p["price"])),
    Column(_l("Cost price"), lambda p: Decimal(p["costprice"])),
    Column(_l("Weight (g)"), lambda p: p["weight"]),
    Column(_l("Minimum stock"), lambda p: p["minimum_stock"]),
    Column(_l("Active"), lambda p: p["active"]),
    Column(_l("Stock"), lambda p: sum(level["stock"] for level in p["stock"])),
    Column(_l("Reserved"), lambda p: sum(level["reserved"] for level in p["stock"])),
    Column(_l("Free stock"), lambda p: p["freestock"]),
)


STOCK_ON_DATE_COLUMNS = (
    Column(_l("Product code"), lambda r: r["productcode"]),
    Column(_l("Name"), lambda r: r["name"]),
    Column(_l("Warehouse"), lambda r: r["warehouse"]),
    Column(_l("Stock"), lambda r: r["stock"]),
    Column(_l("Cost price"), lambda r: Decimal(r["costprice"])),
    Column(_l("Cost price since"), lambda r: local_moment(r.get("costprice_since"))),
    Column(_l("Value at cost"), lambda r: Decimal(r["value"])),
)


def _attachment(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def xlsx_download(name: str, headers: list[str], rows: list[list]) -> Response:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.append(headers)
    for row in rows:
        sheet.append([float(value) if isinstance(value, Decimal) else neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(buffer.getvalue(), XLSX_TYPE, f"{name}.xlsx")


# ?separator= of a csv export: its field separator and decimal sign.
CSV_STYLES = {"semicolon": (";", ","), "comma": (",", ".")}


def csv_style(asked: str | None = None) -> str:
    """The style asked for, else the one Excel expects in the reader's language."""
    if asked in CSV_STYLES:
        return asked
    return "semicolon" if get_decimal_symbol(get_locale()) == "," else "comma"


def csv_download(name: str, headers: list[str], rows: list[list], style: str = "comma") -> Response:
    separator, decimal_sign = CSV_STYLES[style]

    def cell(value):
        return str(value).replace(".", decimal_sign) if isinstance(value, Decimal) else neutralise(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerow(headers)
    writer.writerows([cell(value) for value in row] for row in rows)
    # A byte order mark, so that Excel reads the file as UTF-8.
    return _attachment(("\ufeff" + buffer.getvalue()).encode(), "text/csv", f"{name}.csv")
