"""Template filters that write dates and numbers the way the reader's language does: in Dutch
"1 december 2026, 14:05" and "€ 1.234,50", in English "December 1, 2026, 2:05 PM" and "€1,234.50"
(CLDR's patterns, through Flask-Babel). Date inputs keep their ISO values: these are for reading."""
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from babel import Locale
from flask import current_app
from flask_babel import format_currency, format_date, format_decimal, format_time, get_locale, to_user_timezone

from gateway.portal.import_problems import import_problem
from gateway.portal.permissions import has_permission


def money(value) -> str:
    """Prices cross the wire as decimal strings ("1234.50"); show them as € 1.234,50 or €1,234.50."""
    try:
        return format_currency(Decimal(str(value)), current_app.config["PORTAL_CURRENCY"])
    except (InvalidOperation, TypeError):
        return ""


def number(value) -> str:
    """A whole amount as 1.234 or 1,234; what is not a number is shown as it came."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return "" if value is None else str(value)
    return format_decimal(value)


def change(value: int) -> str:
    """A change in stock, always with its sign: +1.234 or -1,234."""
    return format_decimal(value, "+#,##0;-#,##0")


def _moment(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def when(value) -> str:
    """Times cross the wire as ISO 8601 in UTC; show them in the portal's time zone, to the minute,
    joined as the language joins a date and a time."""
    moment = _moment(value)
    if moment is None:
        return ""
    local = to_user_timezone(moment)
    pattern = Locale.parse(str(get_locale())).datetime_formats["long"]
    return pattern.format(format_time(local, "short", rebase=False), format_date(local, "long", rebase=False)) \
        .replace("'", "")


def day(value) -> str:
    """A calendar day ("2026-12-24", as delivery dates cross the wire) as 24 december 2026."""
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return ""
    return format_date(parsed, "long")


def local_moment(value) -> datetime | None:
    """For spreadsheets: the time in the portal's time zone, without one, as a spreadsheet cell holds it."""
    moment = _moment(value)
    return to_user_timezone(moment).replace(tzinfo=None) if moment else None


def country(code: str) -> str:
    """NL → Nederland / Netherlands."""
    return Locale.parse(str(get_locale())).territories.get(code, code)


def register(app) -> None:
    for name, function in (("money", money), ("number", number), ("change", change), ("when", when), ("day", day),
                           ("country", country), ("import_problem", import_problem)):
        app.add_template_filter(function, name)
    app.add_template_global(get_locale)  # for <html lang>
    app.add_template_global(has_permission)
