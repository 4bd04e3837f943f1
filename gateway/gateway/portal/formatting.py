"""Template filters that write numbers the way the reader's language does."""
from datetime import datetime
from decimal import Decimal, InvalidOperation

from babel import Locale
from flask_babel import format_datetime, format_decimal, get_locale

from gateway.portal.import_problems import import_problem
from gateway.portal.permissions import has_permission


def money(value) -> str:
    """Prices cross the wire as decimal strings ("12.50"); show them as 12.50 or 12,50."""
    try:
        return format_decimal(Decimal(str(value)), format="#,##0.00")
    except (InvalidOperation, TypeError):
        return ""


def when(value) -> str:
    """Times cross the wire as ISO 8601 in UTC; show them in the portal's time zone, to the minute."""
    try:
        return format_datetime(datetime.fromisoformat(value), "yyyy-MM-dd HH:mm")
    except (TypeError, ValueError):
        return ""


def country(code: str) -> str:
    """NL → Nederland / Netherlands."""
    return Locale.parse(str(get_locale())).territories.get(code, code)


def register(app) -> None:
    app.add_template_filter(money)
    app.add_template_filter(when)
    app.add_template_filter(country)
    app.add_template_filter(import_problem)
    app.add_template_global(get_locale)  # for <html lang>
    app.add_template_global(has_permission)
