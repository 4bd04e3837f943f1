"""Portal pages for the client's orders: the list (search, filter, pages) and one order."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.forms import CancelOrderForm
from gateway.portal.permissions import permission_required
from gateway.portal.session_user import current_customer_id

PAGE_SIZE = 100
STATUSES = ("concept", "processing", "picking", "shipped", "cancelled")
SOURCES = ("portal", "api", "webshop")


def _order_or_404(order_id: int) -> dict:
    try:
        return rpc_client().orders.get_order(current_customer_id(), order_id)
    except RemoteError as error:
        if error.exc_type == "OrderNotFound":
            abort(404)
        raise


@blueprint.get("/orders")
def orders():
    offset = request.args.get("offset", "0")
    offset = int(offset) if offset.isdigit() else 0
    filters = {name: request.args[name] for name, allowed in (("status", STATUSES), ("source", SOURCES))
               if request.args.get(name) in allowed}
    search = (request.args.get("search") or "").strip()
    if search:
        filters["search"] = search
    rows = rpc_client().orders.list_orders(current_customer_id(), offset, filters)
    return render_template("portal/orders.html", orders=rows, offset=offset, filters=filters, search=search,
                           statuses=STATUSES, sources=SOURCES, page_size=PAGE_SIZE)


@blueprint.get("/orders/<int:order_id>")
def order(order_id: int):
    return render_template("portal/order.html", order=_order_or_404(order_id), cancel_form=CancelOrderForm())


@blueprint.post("/orders/<int:order_id>/cancel")
@permission_required("ordering")
def cancel_order(order_id: int):
    if CancelOrderForm().validate_on_submit():
        try:
            rpc_client().orders.cancel_order(current_customer_id(), order_id, g.user["username"])
        except RemoteError as error:
            if error.exc_type == "OrderNotFound":
                abort(404)
            if error.exc_type != "OrderLocked":
                raise
            flash(_("This order can no longer be cancelled: the warehouse has started picking it."))
        else:
            flash(_("The order has been cancelled."))
    return redirect(url_for("portal.order", order_id=order_id))
