"""Reading a product import file (xlsx or csv, headers in Dutch or English) into the rows the
catalog imports. Refuses what it cannot read safely: formulas, too many rows, too large a file."""
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from gateway.portal.uploaded_sheets import ImportRefused, header_key, read_rows

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


def read_product_file(filename: str, data: bytes) -> list[list]:
    """A product import file's rows, header first (at most MAX_ROWS products)."""
    return read_rows(filename, data, MAX_ROWS)


def read_headers(header_row: list) -> tuple[dict[int, str], list[dict]]:
    """Column index → catalog field, and an error for each header that is not understood."""
    columns, errors = {}, []
    for index, header in enumerate(header_row):
        if header in (None, ""):
            continue
        field = FIELD_OF_HEADER.get(header_key(header))
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
