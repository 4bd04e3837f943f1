"""Reading an order import file: a product code column and an amount column (headers in Dutch
or English); other columns are left alone, so a sheet from elsewhere can be uploaded as it is."""
from flask_babel import gettext as _

from gateway.portal.uploaded_sheets import ImportRefused, header_key, read_rows

MAX_ROWS = 10_000  # order lines per import
HEADERS = {
    "productcode": ("productcode", "code", "sku", "product", "artikelcode", "artikelnummer", "artikel"),
    "amount": ("amount", "quantity", "qty", "number", "aantal", "hoeveelheid", "stuks", "aantalstuks"),
}
FIELD_OF_HEADER = {alias: field for field, aliases in HEADERS.items() for alias in aliases}


def order_lines_from_file(filename: str, data: bytes) -> list[dict]:
    """[{"row", "productcode", "amount"}] as the orders service imports them; row numbers as the
    spreadsheet shows them."""
    rows = read_rows(filename, data, MAX_ROWS)
    columns = {}
    for index, header in enumerate(rows[0]):
        field = FIELD_OF_HEADER.get(header_key(header))
        if field and field not in columns:
            columns[field] = index
    missing = [field for field in HEADERS if field not in columns]
    if missing:
        raise ImportRefused(_("The first row needs a column for the product code and one for the amount "
                              "(for example “productcode” and “amount”, or “artikelcode” and “aantal”)."))
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(value not in (None, "") for value in row):
            continue
        cell = {field: row[index] if index < len(row) else None for field, index in columns.items()}
        code = cell["productcode"]
        if isinstance(code, float) and code.is_integer():
            code = int(code)  # a numeric code Excel stored as a number
        lines.append({"row": number, "productcode": "" if code is None else str(code).strip(),
                      "amount": cell["amount"]})
    if not lines:
        raise ImportRefused(_("The file has no order lines: a header row and at least one line are needed."))
    return lines
