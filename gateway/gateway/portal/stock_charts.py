"""The product page's charts: its stock at the end of each of the last days (from the ledger, in
the warehouses the user sees) and what that stock was worth at the cost price valid then."""
from datetime import date
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import gettext as _

from gateway.portal.charts import Figure, figures, long_day, number, step_chart
from gateway.warehouse_scope import with_warehouse_scope

STOCK_CHART_DAYS = 90


def stock_over_time_call(customer_id: int, product_id: int) -> tuple:
    """The question behind the charts, for `RpcClient.call_all`."""
    return ("catalog", "get_stock_over_time", customer_id, product_id, with_warehouse_scope({"days": STOCK_CHART_DAYS}))


def stock_charts(product: dict, rows: list[dict]) -> dict | None:
    """{"stock": chart, "value": chart}, each {svg, title, rows} for portal/chart.html, from
    catalog's get_stock_over_time."""
    if not rows:
        return None
    locale = str(get_locale())
    levels = [Figure(date.fromisoformat(row["date"]), row["stock"]) for row in rows]
    values = [Figure(level.day, Decimal(row["value"])) for level, row in zip(levels, rows)]
    first, last = long_day(levels[0].day, locale), long_day(levels[-1].day, locale)
    code = product["productcode"]
    stock_title = _("Stock of %(code)s, the last %(days)d days", code=code, days=len(levels))
    value_title = _("Stock value of %(code)s at cost, the last %(days)d days", code=code, days=len(levels))
    stock_words = _("From %(first)s to %(last)s the stock went from %(start)s to %(end)s; highest %(high)s, lowest %(low)s.",
                    first=first, last=last, start=number(levels[0].value, locale), end=number(levels[-1].value, locale),
                    high=number(max(f.value for f in levels), locale), low=number(min(f.value for f in levels), locale))
    value_words = _("From %(first)s to %(last)s the stock was worth %(start)s at first and %(end)s at last.",
                    first=first, last=last, start=number(values[0].value, locale, money=True),
                    end=number(values[-1].value, locale, money=True))
    return {
        "stock": {"title": stock_title, "rows": figures(levels, locale, changes_only=True),
                  "svg": step_chart(levels, title=stock_title, description=stock_words, locale=locale)},
        "value": {"title": value_title, "rows": figures(values, locale, money=True, changes_only=True),
                  "svg": step_chart(values, title=value_title, description=value_words, locale=locale, money=True)},
    }

