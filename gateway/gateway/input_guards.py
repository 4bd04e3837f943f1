"""Input no service could store, turned away at the door with a clear answer.

- Ids in paths are PostgreSQL integers: a larger number cannot name anything, so the route does
  not match (404) instead of reaching a database that would fail on it.
- NUL characters cannot be stored in PostgreSQL text and are never meant: a query argument, form
  field or JSON string holding one is refused (400) naming the field. Uploaded files are left
  alone; a spreadsheet holds NUL bytes by nature.
"""
from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

LARGEST_ID = 2**31 - 1


def whole_number(raw: str, largest: int = LARGEST_ID) -> int | None:
    """`raw` as a whole number from 0 to `largest`, or None. Only ASCII digits: `str.isdigit()`
    also takes "²" and "①", which `int()` refuses, and a number past `largest` would reach a
    database column that cannot hold it."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    return number if number <= largest else None


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a whole number a database id can be."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _field_with_nul(value, path: str = "") -> str | None:
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        items = ((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((f"{path}.{index}", item) for index, item in enumerate(value))
    else:
        return None
    for item_path, item in items:
        if "\x00" in item_path:
            return item_path
        found = _field_with_nul(item, item_path)
        if found:
            return found
    return None


def refuse_nul_characters():
    field = (_field_with_nul(request.args.to_dict(flat=False))
             or _field_with_nul(request.form.to_dict(flat=False)))
    if field is None and request.is_json:
        field = _field_with_nul(request.get_json(silent=True))
    if field is not None:
        field = field.rsplit(".", 1)[0] if field.rsplit(".", 1)[-1].isdigit() else field
        abort(400, f"{field}: must not contain NUL characters.")


def register(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_characters)
