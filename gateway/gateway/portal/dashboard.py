"""The dashboard: what needs the client's attention, each section a link to its filtered list.

Every section's question is sent to its service at once (`RpcClient.call_all`), so the page waits
for the slowest service rather than for the sum of them all. A section whose service does not
answer says so instead of failing the page; a section for a permission the user lacks is neither
asked for nor shown."""
from flask import render_template
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.expected_inbound import inbound_rows
from gateway.portal.permissions import has_permission
from gateway.portal.session_user import current_customer_id
from gateway.rpc import ServiceUnavailable
from gateway.warehouse_scope import warehouse_scope, with_warehouse_scope

# Rows per section; the section's link leads to all of them.
SECTION_ROWS = 5
# The products on their way the dashboard lists, soonest first.
INBOUND_ROWS = 10
# Returns the warehouse has not finished with: announced (on their way back) and received.
OPEN_RETURN_STATUSES = ("announced", "received")
# A section shown only to users holding this permission (the rest: everyone who sees the portal).
SECTION_PERMISSIONS = {"returns": "returns"}


class Unavailable:
    """A section whose service did not answer in time: the page says so and shows the rest."""

    def __bool__(self) -> bool:
        return False


UNAVAILABLE = Unavailable()


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
        "backordered_count": ("orders", "count_backordered_orders", customer_id, scope),
        "backorders": ("orders", "list_backorders", customer_id, 0, with_warehouse_scope(None)),
        "shipments": ("orders", "list_shipments", customer_id, 0, with_warehouse_scope({})),
        "inbound": ("purchasing", "list_expected_inbound", customer_id, with_warehouse_scope({})),
    }
    if section_visible("returns"):
        calls.update({f"returns_{status}": ("orders", "list_returns", customer_id, 0, {"status": status})
                      for status in OPEN_RETURN_STATUSES})
    return calls


def answered(answers: dict[str, object]) -> dict[str, object]:
    """Each answer, or UNAVAILABLE for a service that did not answer; a refusal is a fault of
    ours (the page asks only what the contracts allow) and fails the page as any other page."""
    for answer in answers.values():
        if isinstance(answer, RemoteError):
            raise answer
    return {key: UNAVAILABLE if isinstance(answer, ServiceUnavailable) else answer for key, answer in answers.items()}


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


def open_returns(answers: dict[str, object]) -> list[dict] | Unavailable | None:
    """The newest returns the warehouse has not finished with; None when the user may not see them."""
    if not section_visible("returns"):
        return None
    lists = [answers[f"returns_{status}"] for status in OPEN_RETURN_STATUSES]
    if any(rows is UNAVAILABLE for rows in lists):
        return UNAVAILABLE
    return sorted((row for rows in lists for row in rows), key=lambda row: row["idreturn"], reverse=True)


@blueprint.get("/")
def dashboard():
    customer_id = current_customer_id()
    answers = answered(rpc_client().call_all(dashboard_calls(customer_id)))
    backorders, shipments, low_stock = answers["backorders"], answers["shipments"], answers["low_stock"]
    inbound = answers["inbound"]
    if inbound is not UNAVAILABLE:
        waiting = UNAVAILABLE if backorders is UNAVAILABLE else backorders
        inbound = inbound_rows(inbound[:INBOUND_ROWS], waiting or [])
    return render_template(
        "portal/dashboard.html", product_count=answers["product_count"], low_stock_count=answers["low_stock_count"],
        low_stock=low_stock and low_stock[:SECTION_ROWS], backordered_count=answers["backordered_count"],
        waiting=backorders and waiting_products(backorders), shipments=shipments and shipments[:SECTION_ROWS],
        inbound=inbound, returns=open_returns(answers), section_rows=SECTION_ROWS, unavailable=UNAVAILABLE)
