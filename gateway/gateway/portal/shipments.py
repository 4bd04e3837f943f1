"""The client's shipments: every parcel the warehouse sent, with its carrier, a track & trace
link to the carrier's page and the products in it; filtered by day and carrier, searched by code."""
from flask import render_template, request

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.products import offset_argument
from gateway.portal.query_args import date_argument
from gateway.portal.session_user import current_customer_id
from gateway.order_scope import with_order_scope

PAGE_SIZE = 100


@blueprint.get("/shipments")
def shipments():
    orders = rpc_client().orders
    carriers = {provider["carrier_key"]: provider["provider"]
                for provider in orders.list_shipping_providers_for_customer(current_customer_id())}
    filters = {name: value for name in ("sincedate", "untildate") if (value := date_argument(name))}
    if request.args.get("carrier_key") in carriers:
        filters["carrier_key"] = request.args["carrier_key"]
    if search := (request.args.get("search") or "").strip()[:100]:
        filters["search"] = search
    offset = offset_argument()
    rows = orders.list_shipments(current_customer_id(), offset, with_order_scope(filters))
    return render_template("portal/shipments.html", shipments=rows, filters=filters, carriers=carriers,
                           offset=offset, page_size=PAGE_SIZE)
