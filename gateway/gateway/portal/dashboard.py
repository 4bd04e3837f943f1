"""The dashboard: what needs the client's attention, each section a link to its filtered list.

Every section's question is sent to its service at once (`RpcClient.call_all`), so the page waits
for the slowest service rather than for the sum of them all. A section whose service does not
answer says so instead of failing the page; a section for a permission the user lacks is neither
asked for nor shown."""
from datetime import date

from flask import render_template
from flask_babel import get_locale, get_timezone
from flask_babel import gettext as _

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.answers import UNAVAILABLE, answered
from gateway.portal.charts import Figure, bar_chart, figures, long_day
from gateway.portal.counts import ngettext
from gateway.portal.expected_inbound import inbound_rows
from gateway.portal.permissions import has_permission
from gateway.portal.session_user import current_customer_id
from gateway.warehouse_scope import warehouse_scope, with_warehouse_scope

# Rows per section; the section's link leads to all of them.
SECTION_ROWS = 5
# The products on their way the dashboard lists, soonest first.
INBOUND_ROWS = 10
# Returns the warehouse has not finished with: announced (on their way back) and received.
OPEN_RETURN_STATUSES = ("announced", "received")
# Orders not finished yet, as the client reads their status ("picking": processing, picking started).
OPEN_ORDER_STEPS = ("concept", "processing", "picking")
# The days of the orders-per-day chart, ending today.
CHART_DAYS = 30
# A section shown only to users holding this permission (the rest: everyone who sees the portal).
SECTION_PERMISSIONS = {"returns": "returns"}


def section_visible(section: str) -> bool:
    permission = SECTION_PERMISSIONS.get(section)
    return permission is None or has_permission(permission)


def dashboard_calls(customer_id: int) -> dict[str, tuple]:
    """Each section's questions, `{key: (service, method, *args)}`, all sent at once."""
    scope = warehouse_scope()
    calls = {
        "product_count": ("catalog", "count_products", customer_id),
        "low_stock_count": ("catalog", "count_low_stock_products", customer_id, scope),
        "low_stock": ("catalog", "list_products", customer_id, 0, None,
                      with_warehouse_scope({"stock": "below_minimum", "active": True, "sort": "freestock"})),
        # The client's days, not UTC's: an order at 00:30 in Amsterdam counts for that day.
        "summary": ("orders", "summarize_orders", customer_id,
                    with_warehouse_scope({"days": CHART_DAYS, "timezone": str(get_timezone())})),
        "backordered_count": ("orders", "count_backordered_orders", customer_id, scope),
        "backorders": ("orders", "list_backorders", customer_id, 0, with_warehouse_scope(None)),
        "shipments": ("orders", "list_shipments", customer_id, 0, with_warehouse_scope({})),
        "inbound": ("purchasing", "list_expected_inbound", customer_id, with_warehouse_scope({})),
    }
    return calls


def waiting_products(backorders: list[dict], limit: int = SECTION_ROWS) -> list[dict]:
    """What the waiting orders wait for, per product in the order they are filled (oldest first):
    how many units and for how many orders."""
    products: dict[int, dict] = {}
    for backorder in backorders:
        row = products.setdefault(backorder["idproduct"], {
            "idproduct": backorder["idproduct"], "productcode": backorder["productcode"],
            "name": backorder["name"], "amount": 0, "orders": set()})
        row["amount"] += backorder["amount"]
        row["orders"].add(backorder["idorder"])
    return [{**row, "orders": len(row["orders"])} for row in list(products.values())[:limit]]


def orders_per_day_chart(per_day: list[dict]) -> dict | None:
    """The orders-per-day chart, its figures and its words, in the reader's language."""
    if not per_day:
        return None
    locale = str(get_locale())
    series = [Figure(date.fromisoformat(row["date"]), row["orders"]) for row in per_day]
    total = sum(figure.value for figure in series)
    busiest = max(series, key=lambda figure: figure.value, default=None)
    description = ngettext("%(num)s order from %(first)s to %(last)s.", "%(num)s orders from %(first)s to %(last)s.",
                           total, first=long_day(series[0].day, locale), last=long_day(series[-1].day, locale))
    if busiest and busiest.value:
        description += " " + ngettext("The busiest day was %(day)s, with %(num)s order.",
                                      "The busiest day was %(day)s, with %(num)s orders.",
                                      busiest.value, day=long_day(busiest.day, locale))
    title = _("Orders per day, the last %(days)d days", days=len(series))
    return {"svg": bar_chart(series, title=title, description=description, locale=locale),
            "title": title, "rows": figures(series, locale), "total": total}


@blueprint.get("/")
def dashboard():
    customer_id = current_customer_id()
    answers = answered(rpc_client().call_all(dashboard_calls(customer_id)))
    backorders, shipments, low_stock = answers["backorders"], answers["shipments"], answers["low_stock"]
    inbound, summary = answers["inbound"], answers["summary"]
    if inbound is not UNAVAILABLE:
        inbound = inbound_rows(inbound[:INBOUND_ROWS], backorders or [])
    return render_template(
        "portal/dashboard.html", product_count=answers["product_count"], low_stock_count=answers["low_stock_count"],
        low_stock=low_stock and low_stock[:SECTION_ROWS], backordered_count=answers["backordered_count"],
        waiting=backorders and waiting_products(backorders), shipments=shipments and shipments[:SECTION_ROWS],
        inbound=inbound, summary=summary, open_order_steps=OPEN_ORDER_STEPS, open_return_statuses=OPEN_RETURN_STATUSES,
        orders_chart=summary and orders_per_day_chart(summary["per_day"]), show_returns=section_visible("returns"),
        unavailable=UNAVAILABLE)
