"""Search from every page: one field in the menu finds the client's products (code, name,
barcode), orders (number, reference, name, products on it) and shipments (track & trace code,
order reference), grouped by kind; a single exact hit goes straight to it.

Each kind is asked of its service at once (`RpcClient.call_all`), for the signed-in client only
and within the user's warehouses, exactly as the Products, Orders and Shipments lists ask."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.answers import UNAVAILABLE, answered
from gateway.portal.session_user import current_customer_id
from gateway.warehouse_scope import scoped_product, with_warehouse_scope

MAX_QUERY = 100  # characters; the lists' own searches take as much
ROWS_PER_KIND = 10


def order_number(query: str) -> str | None:
    """2026000031 (or #2026000031), as clients quote an order: the year, then the id."""
    number = query.removeprefix("#").strip()
    return number if number.isascii() and number.isdigit() and 5 <= len(number) <= 13 else None


def search_calls(customer_id: int, query: str) -> dict[str, tuple]:
    calls = {
        "products": ("catalog", "list_products", customer_id, 0, query, with_warehouse_scope({})),
        "orders": ("orders", "list_orders", customer_id, 0, with_warehouse_scope({"search": query})),
        "shipments": ("orders", "list_shipments", customer_id, 0, with_warehouse_scope({"search": query})),
    }
    if number := order_number(query):
        calls["order_number"] = ("orders", "list_orders", customer_id, 0, with_warehouse_scope({"orderid": number}))
    return calls


def exact_hits(query: str, products: list[dict], orders: list[dict], shipments: list[dict]) -> list[str]:
    """Where each result that is exactly what was typed lives (the product, order, or the order a
    parcel belongs to), once each; letter case does not count."""
    typed = query.casefold()
    hits = [url_for("portal.product", product_id=p["idproduct"]) for p in products
            if typed in (p["productcode"].casefold(), (p.get("barcode") or "").casefold())]
    hits += [url_for("portal.order", order_id=o["idorder"]) for o in orders
             if o["orderid"] == order_number(query) or typed == (o.get("reference") or "").casefold()]
    hits += [url_for("portal.order", order_id=s["idorder"]) for s in shipments if typed == s["trackingcode"].casefold()]
    return list(dict.fromkeys(hits))


def merged_orders(answers: dict) -> list[dict] | object:
    found = answers["orders"]
    by_number = answers.get("order_number") or []
    if found is UNAVAILABLE or by_number is UNAVAILABLE:
        return UNAVAILABLE
    seen = {order["idorder"] for order in by_number}
    return by_number + [order for order in found if order["idorder"] not in seen]


@blueprint.get("/search")
def search():
    query = (request.args.get("q") or "").strip()[:MAX_QUERY]
    if not query:
        return render_template("portal/search.html", query="", results=None)
    answers = answered(rpc_client().call_all(search_calls(current_customer_id(), query)))
    products, shipments = answers["products"], answers["shipments"]
    results = {"products": products if products is UNAVAILABLE else [scoped_product(p) for p in products],
               "orders": merged_orders(answers), "shipments": shipments}
    if UNAVAILABLE not in results.values() and request.args.get("all") != "1":
        hits = exact_hits(query, *results.values())
        if len(hits) == 1:
            flash(_("The only exact match for “%(query)s”.", query=query))
            return redirect(hits[0])
    return render_template("portal/search.html", query=query, results=results, rows=ROWS_PER_KIND,
                           unavailable=UNAVAILABLE)
