"""Reading a product import file (xlsx or csv, headers in Dutch or English) into the rows the
catalog imports. Refuses what it cannot read safely: formulas, too many rows, too large a file."""
import csv
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000  # products per import, as the catalog takes them

# Header spellings per catalog field, compared in lower case without spaces or punctuation.
HEADERS = {
    "productcode": ("productcode", "code", "sku", "artikelcode", "artikelnummer"),
    "name": ("name", "productname", "naam", "productnaam", "omschrijving"),
    "barcode": ("barcode", "ean", "streepjescode"),
    "price": ("price", "salesprice", "prijs", "verkoopprijs"),
    "costprice": ("costprice", "cost", "kostprijs", "inkoopprijs"),
    "weight": ("weight", "weightg", "weightgrams", "gewicht", "gewichtg", "gewichtgram"),
    "minimum_stock": ("minimumstock", "minimum", "minimumvoorraad", "minvoorraad"),
    "active": ("active", "actief"),
}
FIELD_OF_HEADER = {alias: field for field, aliases in HEADERS.items() for alias in aliases}
TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "y", "ja", "j", "waar"}, {"0", "false", "no", "n", "nee", "onwaar"}


class ImportRefused(Exception):
    """The file as a whole cannot be imported; the message says why, in the user's language."""


def read_rows(filename: str, data: bytes) -> list[list]:
    """The file's rows, header first, numbered as the spreadsheet numbers them."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(_("The file is larger than %(size)s MB.", size=MAX_FILE_BYTES // (1024 * 1024)))
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ImportRefused(_("Upload an Excel (.xlsx) or CSV (.csv) file."))
    if not rows:
        raise ImportRefused(_("The file is empty."))
    return rows


def _too_many_rows() -> ImportRefused:
    return ImportRefused(_("The file has more than %(count)s rows; split it into smaller files.", count=MAX_ROWS))


def _xlsx_rows(data: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused(_("This is not an Excel file that can be read.")) from None
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_row or 0) > MAX_ROWS + 1:  # the sheet's own dimension: refuse before reading
            raise _too_many_rows()
        rows = []
        for row in sheet.iter_rows():
            if len(rows) > MAX_ROWS:
                raise _too_many_rows()
            for cell in row:
                if cell.data_type == "f":
                    raise ImportRefused(_("Cell %(cell)s holds a formula. Import values only (paste as values).",
                                          cell=cell.coordinate))
            rows.append([cell.value for cell in row])
        return rows
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # what Excel writes on Dutch Windows
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        if len(rows) > MAX_ROWS:
            raise _too_many_rows()
        rows.append(row)
    return rows


def _header_key(header) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def read_headers(header_row: list) -> tuple[dict[int, str], list[dict]]:
    """Column index → catalog field, and an error for each header that is not understood."""
    columns, errors = {}, []
    for index, header in enumerate(header_row):
        if header in (None, ""):
            continue
        field = FIELD_OF_HEADER.get(_header_key(header))
        if field is None:
            errors.append({"row": 1, "column": str(header), "message": _("Unknown column.")})
        elif field in columns.values():
            errors.append({"row": 1, "column": str(header), "message": _("This column appears twice.")})
        else:
            columns[index] = field
    if "productcode" not in columns.values():
        errors.append({"row": 1, "column": "productcode", "message": _("A product code column is needed.")})
    return columns, errors


def cell_value(field: str, value):
    """A cell as the catalog takes the field; what cannot be converted goes as it is, so that the
    catalog names the problem."""
    if isinstance(value, str):
        value = value.strip()
    if field in ("productcode", "name", "barcode"):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # a barcode Excel stored as a number
        return str(value)
    if field in ("price", "costprice"):
        return str(value).replace(",", ".") if isinstance(value, str) else str(Decimal(str(value)))
    if field in ("weight", "minimum_stock"):
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation:
            return value
        return int(number) if number == number.to_integral_value() else value
    if field == "active":
        word = str(value).lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else value
    return value


def products_from_rows(rows: list[list]) -> tuple[list[dict], dict[str, str], list[dict]]:
    """The catalog's import rows, the header each field came from, and the header errors."""
    columns, errors = read_headers(rows[0])
    header_of = {field: str(rows[0][index]) for index, field in columns.items()}
    products = []
    for number, row in enumerate(rows[1:], start=2):
        product = {field: cell_value(field, row[index]) for index, field in columns.items()
                   if index < len(row) and row[index] not in (None, "")}
        if any(value not in (None, "") for value in row):
            products.append({"row": number, "product": product})
    if not products:
        raise ImportRefused(_("The file has no products: a header row and at least one product row are needed."))
    return products, header_of, errors
