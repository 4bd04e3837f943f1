"""The client's backorders: what its orders still wait for, oldest first."""
from flask import render_template, request

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.input_guards import whole_number
from gateway.order_scope import with_order_scope
from gateway.portal.products import offset_argument
from gateway.portal.session_user import current_customer_id

PAGE_SIZE = 100


@blueprint.get("/backorders")
def backorders():
    offset = offset_argument()
    # `?idproduct=`: what waits for one product (the dashboard links each product it lists here).
    filters = {"idproduct": product_id} if (product_id := whole_number(request.args.get("idproduct", ""))) else {}
    rows = rpc_client().orders.list_backorders(current_customer_id(), offset, with_order_scope(filters or None))
    return render_template("portal/backorders.html", backorders=rows, offset=offset, page_size=PAGE_SIZE,
                           filters=filters)
