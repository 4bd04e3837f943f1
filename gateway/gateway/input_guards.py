"""Input no service could store, turned away at the door with a clear answer.

- Ids in paths are PostgreSQL integers: a larger number cannot name anything, so it answers 404
  instead of reaching a database that would fail on it.
- NUL characters cannot be stored in PostgreSQL text and are never meant, nor can a lone
  surrogate be sent on as text: a query argument, form field or JSON string holding one is
  refused (400) naming the field, as is an id no database id can be. Uploaded files are left
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
    """`<int:...>` in every route: whole numbers only. One larger than a database id is turned
    away by `refuse_unstorable_input` (404), not here: a converter that refuses makes werkzeug
    answer 405 for every method but GET."""


# Deeper than any document the API takes; refusing deeper ones keeps parsing and checking them
# far from Python's recursion limit.
DEEPEST_JSON = 32


def _refused_string(value: str) -> str | None:
    if "\x00" in value:
        return "must not contain NUL characters."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate ("\ud800"): valid JSON, but no text
        return "must be text (a lone surrogate is not)."
    return None


def _refused_id(value) -> str | None:
    if isinstance(value, bool):
        return "must be an id (a whole number), not true or false."
    if isinstance(value, int) and not 0 <= value <= LARGEST_ID:
        return f"must be an id from 0 to {LARGEST_ID}."
    return None


def refused_value(value, path: str = "", depth: int = 0, name: str = "") -> tuple[str, str] | None:
    """(field, why) for the first value of a JSON document or form no service could store:
    NUL characters or lone surrogates in text, an id (a field named id…) that is a boolean or
    too large for a database id, or nesting deeper than DEEPEST_JSON."""
    if depth > DEEPEST_JSON:
        return path or "body", f"nested deeper than {DEEPEST_JSON} levels."
    if isinstance(value, str):
        return (path or "body", why) if (why := _refused_string(value)) else None
    if isinstance(value, dict):
        items = [(f"{path}.{key}" if path else str(key), str(key), item) for key, item in value.items()]
    elif isinstance(value, list):  # a list's items go by the list's name ("idwarehouses": [1, 2])
        items = [(f"{path}.{index}", name, item) for index, item in enumerate(value)]
    else:
        return None
    for item_path, item_name, item in items:
        if why := _refused_string(item_name):
            return item_path, why
        if item_name.startswith("id") and (why := _refused_id(item)):
            return item_path, why
        if found := refused_value(item, item_path, depth + 1, item_name):
            return found
    return None


# The longest URL (path and query) answered: gunicorn's own limit would answer an HTML page,
# so it is lifted (gunicorn_settings.py) and this one answers in the caller's language.
LONGEST_URL = 8190


def refuse_unstorable_input():
    """Query arguments everywhere; portal forms (the API reads its JSON body itself, whatever
    its Content-Type: parsing it as a form here would consume it)."""
    if len(request.environ.get("RAW_URI") or request.full_path) > LONGEST_URL:
        abort(414, f"The URL is longer than {LONGEST_URL} characters.")
    if any(isinstance(value, int) and value > LARGEST_ID for value in (request.view_args or {}).values()):
        abort(404)  # no database id is that large, so nothing has it
    found = refused_value(request.args.to_dict(flat=False))
    if found is None and not request.path.startswith("/api/"):
        found = refused_value(request.form.to_dict(flat=False))
    if found is not None:
        field, why = found
        field = field.rsplit(".", 1)[0] if field.rsplit(".", 1)[-1].isdigit() else field
        abort(400, f"{field}: {why}")


def register(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unstorable_input)
