"""Values as Picqer writes and reads them: times as "2019-04-03 21:14:18" (UTC here), pages by
offset, JSON bodies."""
import json
from datetime import datetime, timezone

from flask import g, request

from gateway.api.errors import INVALID_JSON, ApiError
from gateway.input_guards import LARGEST_ID, refused_value, whole_number

PAGE_SIZE = 100


def picqer_time(iso: str | None) -> str | None:
    if not iso:
        return None
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def with_picqer_times(row: dict, *fields: str) -> dict:
    return {**row, **{field: picqer_time(row.get(field)) for field in fields if field in row}}


def with_picqer_amounts(row: dict, *fields: str) -> dict:
    """Prices as JSON numbers, as Picqer's (services send decimal strings, exact to the cent)."""
    return {**row, **{field: float(row[field]) for field in fields if row.get(field) is not None}}


def with_picqer_reserved(level: dict) -> dict:
    """Picqer splits `reserved` by what holds it. Here processing puts every unit it reserves on
    a picklist at once (and a filled backorder gets a picklist of its own), so all of it is
    reserved for picklists; nothing is held for allocations or backorders alone."""
    return {**level, "reservedbackorders": 0, "reservedpicklists": level["reserved"], "reservedallocations": 0}


def offset_argument() -> int:
    return whole_number_argument("offset", 0)


def whole_number_argument(name: str, default: int | None = None) -> int | None:
    """A query argument that must be a whole number from 0 to 2147483647, when given (given
    empty is not a number: `offset=` is refused, as the description's integer says)."""
    raw = request.args.get(name)
    if raw is None:
        return default
    number = whole_number(raw)
    if number is None:
        raise ApiError(400, f"{name}: must be a whole number from 0 to {LARGEST_ID}.")
    return number


def boolean_argument(name: str) -> bool | None:
    raw = request.args.get(name, "").lower()
    if raw == "":
        return None
    if raw not in ("true", "false", "1", "0"):
        raise ApiError(400, f"{name}: must be true or false.")
    return raw in ("true", "1")


def _whole_if_whole(text: str) -> int | float:
    """`1.0` and `1e3` are whole numbers, as JSON Schema counts them (`type: integer`): read as
    ints, so that an amount or id written so is taken. Past 2**53 a float is not exact: it stays
    one (and is refused where a whole number is asked)."""
    number = float(text)
    return int(number) if number.is_integer() and abs(number) <= 2**53 else number


def read_json_body() -> None:
    """The body as JSON whatever its Content-Type says (clients send JSON without one, or as
    form-encoded text); only a body that is not JSON is refused, with Picqer's code 22."""
    g.json_body = None
    # A request that announces no body (no Content-Length, not chunked: every GET) has none to
    # read through werkzeug's and gunicorn's streams.
    if not request.content_length and "chunked" not in request.environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return
    raw = request.get_data(cache=True)
    if not raw.strip():
        return
    try:
        g.json_body = json.loads(raw, parse_float=_whole_if_whole)
    except (ValueError, RecursionError):  # RecursionError: nested past Python's limit
        raise ApiError(400, "No valid JSON in the request body.", INVALID_JSON) from None
    if found := refused_value(g.json_body):
        field, why = found
        raise ApiError(400, f"{field}: {why}")


def json_body() -> dict:
    if not isinstance(g.json_body, dict):
        raise ApiError(400, "The request body must be a JSON object.", INVALID_JSON)
    return g.json_body


def optional_json_body() -> dict:
    """The body of an action whose fields are all optional: none at all is `{}`."""
    return {} if g.json_body is None else json_body()
