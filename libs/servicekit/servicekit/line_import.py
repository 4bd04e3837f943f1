"""Lines imported from a spreadsheet (a product code and an amount per row), checked all at once:
the current order in orders and a purchase order in purchasing take them by the same rules, and
name every bad row by its number."""
from dataclasses import dataclass, field

MAX_IMPORT_ROWS = 10_000


def whole_amount(value, max_amount: int) -> int | None:
    """A quantity as a spreadsheet gives it: 3, 3.0 or "3"; None unless a whole number from 1 to
    `max_amount`."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 1 <= value <= max_amount else None


def import_row_codes(rows, error_cls: type[Exception], what: str = "lines") -> list[str]:
    """The product codes of an import's rows, once each, after checking it is a list of rows
    (raises `error_cls` if not)."""
    if not isinstance(rows, list) or not 1 <= len(rows) <= MAX_IMPORT_ROWS:
        raise error_cls(f"rows: between 1 and {MAX_IMPORT_ROWS} {what} per import")
    return sorted({code for row in rows if isinstance(row, dict) and (code := _code(row))})


def _code(row: dict) -> str:
    return str(row.get("productcode") or "").strip()


@dataclass
class ImportedLines:
    """What the rows come to: an amount per product, or the reasons they cannot be taken."""

    amounts: dict[int, int] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)


def imported_lines(rows: list, product_ids: dict[str, int], max_amount: int) -> ImportedLines:
    """`rows`: [{"row": spreadsheet row number, "productcode", "amount"}]; `product_ids`: the
    client's products by code (catalog's find_product_ids of `import_row_codes`). Every bad row
    is reported: no or an unknown code, a code on two rows, an amount that is not a whole
    number from 1 to `max_amount`."""
    result, first_row_of = ImportedLines(), {}
    for row in rows:
        row = row if isinstance(row, dict) else {}
        number, code = row.get("row"), _code(row)
        amount = whole_amount(row.get("amount"), max_amount)
        if not code:
            result.errors.append({"row": number, "field": "productcode", "message": "no product code"})
        elif code in first_row_of:
            result.errors.append({"row": number, "field": "productcode",
                                  "message": f"'{code}' is also on row {first_row_of[code]}"})
        elif code not in product_ids:
            result.errors.append({"row": number, "field": "productcode", "message": f"unknown product code '{code}'"})
        if amount is None:
            result.errors.append({"row": number, "field": "amount",
                                  "message": f"{row.get('amount')!r} is not a whole number from 1 to {max_amount}"})
        if code:
            first_row_of.setdefault(code, number)
        if code in product_ids and amount is not None:
            result.amounts[product_ids[code]] = amount
    return result
