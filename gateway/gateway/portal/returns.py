"""The client's returns: registered on a page of their own from a shipped order (any of its
shipped products, how many and why, and what to send instead), then followed here, each with its
order, what came back and why, what replaces it, its status and every step with who and when."""
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.forms import return_form
from gateway.portal.order_lookup import order_or_404
from gateway.portal.permissions import permission_required
from gateway.portal.products import offset_argument
from gateway.portal.remote_form_errors import translated
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


def returned_so_far(order_id: int) -> dict[int, int]:
    """Per order line, how many came back or are announced (rejected returns do not count)."""
    returned: dict[int, int] = {}
    for return_ in rpc_client().orders.list_returns(current_customer_id(), 0, {"idorder": order_id}):
        if return_["status"] != "rejected":
            for product in return_["returned_products"]:
                returned[product["idorder_product"]] = returned.get(product["idorder_product"], 0) + product["amount"]
    return returned


@blueprint.route("/orders/<int:order_id>/return", methods=["GET", "POST"])
@permission_required("returns")
def register_return(order_id: int):
    order = order_or_404(order_id)
    form = return_form(order, returned_so_far(order_id))
    if form.validate_on_submit():
        try:
            registered = rpc_client().orders.register_return(current_customer_id(), form.return_data(order_id),
                                                             g.user["username"])
        except RemoteError as error:
            if error.exc_type != "InvalidReturn":
                raise
            form.show_error(error.value, translated)
        else:
            flash(_("Return %(returnid)s has been registered; the warehouse will receive it.",
                    returnid=registered["returnid"]))
            return redirect(url_for("portal.returns"))
    failed = request.method == "POST"
    return render_template("portal/return_new.html", order=order, form=form), 400 if failed else 200
