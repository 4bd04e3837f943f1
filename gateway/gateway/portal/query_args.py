"""Reading a portal list's query arguments: a bad one is left out, never an error page."""
from datetime import date

from flask import request


def date_argument(name: str) -> str | None:
    """`?name=2026-11-23` as given, or None when it is missing or not such a date."""
    value = request.args.get(name) or ""
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value
