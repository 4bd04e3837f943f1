"""The client's returns: registered from an order's page for what it shipped, then followed
here, each with its order, what came back and why, what replaces it, its status and every step
with who and when."""
import re

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.forms import return_form
from gateway.portal.permissions import permission_required
from gateway.portal.products import offset_argument
from gateway.portal.session_user import current_customer_id
from gateway.warehouse_scope import order_in_scope

PAGE_SIZE = 100
STATUSES = ("announced", "received", "completed", "rejected")
FIELD_PATH = re.compile(r"\b(?:returned|replacement)_products(?:\.\d+)?(?:\.\w+)?: ")


@blueprint.get("/returns")
def returns():
    filters = {"status": request.args["status"]} if request.args.get("status") in STATUSES else {}
    offset = offset_argument()
    rows = rpc_client().orders.list_returns(current_customer_id(), offset, filters)
    return render_template("portal/returns.html", returns=rows, filters=filters, statuses=STATUSES,
                           offset=offset, page_size=PAGE_SIZE)


def without_field_paths(message: str) -> str:
    """orders names where in its input a problem is ("returned_products.0: ..."): the form has
    one product, so the client reads only what is wrong."""
    return FIELD_PATH.sub("", message)


@blueprint.post("/orders/<int:order_id>/returns")
@permission_required("returns")
def register_return(order_id: int):
    try:
        order = rpc_client().orders.get_order(current_customer_id(), order_id)
    except RemoteError as error:
        if error.exc_type == "OrderNotFound":
            abort(404)
        raise
    if not order_in_scope(order):
        abort(404)
    form = return_form(order)
    if not form.validate_on_submit():
        flash(_("The return was not registered: %(reason)s", reason="; ".join(
            f"{form[name].label.text}: {errors[0]}" for name, errors in form.errors.items())))
        return redirect(url_for("portal.order", order_id=order_id) + "#return")
    data = {"idorder": order_id, "returned_products": [{"idorder_product": int(form.idorder_product.data),
                                                        "amount": form.amount.data, "reason": form.reason.data}]}
    if code := (form.replacement_productcode.data or "").strip():
        data["replacement_products"] = [{"productcode": code, "amount": form.replacement_amount.data or 1}]
    try:
        registered = rpc_client().orders.register_return(current_customer_id(), data, g.user["username"])
    except RemoteError as error:
        if error.exc_type != "InvalidReturn":
            raise
        flash(_("The return was not registered: %(reason)s", reason=without_field_paths(error.value)))
        return redirect(url_for("portal.order", order_id=order_id) + "#return")
    flash(_("Return %(returnid)s has been registered; the warehouse will receive it.", returnid=registered["returnid"]))
    return redirect(url_for("portal.returns"))
