"""The client's returns: each with its order, what came back and why, what replaces it, its
status and every step with who and when."""
from flask import render_template, request

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.products import offset_argument
from gateway.portal.session_user import current_customer_id

PAGE_SIZE = 100
STATUSES = ("announced", "received", "completed", "rejected")


@blueprint.get("/returns")
def returns():
    filters = {"status": request.args["status"]} if request.args.get("status") in STATUSES else {}
    offset = offset_argument()
    rows = rpc_client().orders.list_returns(current_customer_id(), offset, filters)
    return render_template("portal/returns.html", returns=rows, filters=filters, statuses=STATUSES,
                           offset=offset, page_size=PAGE_SIZE)
