"""Values as Picqer writes them: times as "2019-04-03 21:14:18" (UTC here), pages by offset."""
from datetime import datetime, timezone

from flask import request

from gateway.api.errors import ApiError
from gateway.input_guards import LARGEST_ID, whole_number

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


def offset_argument() -> int:
    return whole_number_argument("offset", 0)


def whole_number_argument(name: str, default: int | None = None) -> int | None:
    """A query argument that must be a whole number from 0 to 2147483647, when given."""
    raw = request.args.get(name, "")
    if raw == "":
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


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    return body
