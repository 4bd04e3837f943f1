"""Template filters that write numbers the way the reader's language does."""
from decimal import Decimal, InvalidOperation

from flask_babel import format_decimal, get_locale

from gateway.portal.permissions import has_permission


def money(value) -> str:
    """Prices cross the wire as decimal strings ("12.50"); show them as 12.50 or 12,50."""
    try:
        return format_decimal(Decimal(str(value)), format="#,##0.00")
    except (InvalidOperation, TypeError):
        return ""


def register(app) -> None:
    app.add_template_filter(money)
    app.add_template_global(get_locale)  # for <html lang>
    app.add_template_global(has_permission)
