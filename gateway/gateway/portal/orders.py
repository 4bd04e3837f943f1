"""Portal pages for the client's orders: the list (search, filter, pages) and one order."""
import pycountry
from babel import Locale
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.forms import (
    ActionForm, CancelOrderForm, CommentForm, DeliveryAddressForm, TagsForm,
)
from gateway.portal.order_lookup import order_or_404
from gateway.portal.permissions import permission_required
from gateway.portal.products import offset_argument
from gateway.portal.query_args import date_argument
from gateway.portal.remote_form_errors import show_on_form
from gateway.order_scope import with_order_scope
from gateway.portal.session_user import current_customer_id
from gateway.portal.shipping_methods import shipping_method_names

PAGE_SIZE = 100
STATUSES = ("concept", "processing", "completed", "cancelled")
SOURCES = ("portal", "api", "webshop")


@blueprint.get("/orders")
def orders():
    offset = offset_argument()
    filters = {name: request.args[name] for name, allowed in (("status", STATUSES), ("source", SOURCES))
               if request.args.get(name) in allowed}
    for name in ("search", "tag"):
        if value := (request.args.get(name) or "").strip():
            filters[name] = value
    for name in ("created_from", "created_until"):
        if value := date_argument(name):
            filters[name] = value
    search = filters.get("search", "")
    rows = rpc_client().orders.list_orders(current_customer_id(), offset, with_order_scope(filters))
    return render_template("portal/orders.html", orders=rows, offset=offset, filters=filters, search=search,
                           statuses=STATUSES, sources=SOURCES, page_size=PAGE_SIZE)


def country_choices() -> list[tuple[str, str]]:
    """Countries by their name in the reader's language: ISO 3166 codes only, as orders accepts
    (Babel also names regions and codes such as ZZ "Unknown region" and XK)."""
    names = Locale.parse(str(get_locale())).territories
    return sorted(((code, name) for code, name in names.items()
                   if len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code)),
                  key=lambda choice: choice[1])


def _address_form(order: dict | None = None) -> DeliveryAddressForm:
    form = DeliveryAddressForm(data=order)
    form.deliverycountry.choices = country_choices()
    return form


def why_no_longer_changeable(order: dict) -> str:
    """Why the client may no longer change the address or cancel, by the order's status and the
    client's rule (`changes_allowed_until`, set by the warehouse)."""
    if order["status"] == "completed":
        return _("it has been shipped.")
    if order.get("picking_started"):
        return _("the warehouse has started picking it.")
    return _("the warehouse has processed it, and your orders can be changed only until the warehouse processes them.")


def change_rule_in_words(order: dict) -> str | None:
    """The client's rule for this order and its deadline, or why it is past; nothing for a
    cancelled order."""
    if order["status"] == "cancelled":
        return None
    if not order["changeable_by_client"]:
        return _("This order can no longer be changed or cancelled: %(reason)s", reason=why_no_longer_changeable(order))
    if order["changes_allowed_until"] == "processing":
        return _("You can change the delivery address or cancel this order until the warehouse processes it.")
    return _("You can change the delivery address or cancel this order until picking starts.")


def _render_order(order: dict, address_form: DeliveryAddressForm | None = None, status: int = 200):
    method = order.get("idshippingprovider_profile")
    shipments = rpc_client().orders.list_shipments(current_customer_id(), 0, {"idorder": order["idorder"]})
    return render_template("portal/order.html", order=order, change_rule=change_rule_in_words(order),
                           shipments=shipments,
                           shipping_method=shipping_method_names().get(method, f"#{method}") if method else None,
                           cancel_form=CancelOrderForm(),
                           order_again_form=ActionForm(), comment_form=CommentForm(),
                           tags_form=TagsForm(tags=", ".join(order["tags"])),
                           address_form=address_form or _address_form(order)), status


@blueprint.get("/orders/<int:order_id>")
def order(order_id: int):
    return _render_order(order_or_404(order_id))


@blueprint.post("/orders/<int:order_id>")
@permission_required("ordering")
def change_address(order_id: int):
    """The address form posts to the order's own address, so a refusal shown at its fields sits
    where a reload or the back button opens the order page (not at a POST-only address)."""
    order = order_or_404(order_id)
    form = _address_form()
    if not form.validate_on_submit():
        return _render_order(order, form, 400)
    try:
        rpc_client().orders.change_delivery_address(current_customer_id(), order_id, form.address(), g.user["username"])
    except RemoteError as error:
        if error.exc_type == "InvalidOrder":
            show_on_form(form, error, "deliveryname")
            return _render_order(order, form, 400)
        if error.exc_type != "OrderLocked":
            raise
        flash(_("The delivery address can no longer be changed: %(reason)s",
                reason=why_no_longer_changeable(order_or_404(order_id))))
    else:
        flash(_("The delivery address has been changed."))
    return redirect(url_for("portal.order", order_id=order_id))


@blueprint.post("/orders/<int:order_id>/cancel")
@permission_required("ordering")
def cancel_order(order_id: int):
    order_or_404(order_id)
    if CancelOrderForm().validate_on_submit():
        try:
            rpc_client().orders.cancel_order(current_customer_id(), order_id, g.user["username"])
        except RemoteError as error:
            if error.exc_type == "OrderNotFound":
                abort(404)
            if error.exc_type != "OrderLocked":
                raise
            flash(_("This order can no longer be cancelled: %(reason)s",
                    reason=why_no_longer_changeable(order_or_404(order_id))))
        else:
            flash(_("The order has been cancelled."))
    return redirect(url_for("portal.order", order_id=order_id))


@blueprint.post("/orders/<int:order_id>/comments")
def comment_on_order(order_id: int):
    """Every user who can see the order may comment on it."""
    order_or_404(order_id)
    form = CommentForm()
    if form.validate_on_submit():
        rpc_client().orders.add_order_comment(current_customer_id(), order_id, form.body.data, g.user["username"])
    else:
        flash(_("Write a comment of at most 5,000 characters."))
    return redirect(url_for("portal.order", order_id=order_id) + "#comments")


@blueprint.post("/orders/<int:order_id>/tags")
@permission_required("ordering")
def tag_order(order_id: int):
    order_or_404(order_id)
    form = TagsForm()
    if form.validate_on_submit():
        try:
            rpc_client().orders.set_order_tags(current_customer_id(), order_id, form.tag_list(), g.user["username"])
        except RemoteError as error:
            if error.exc_type != "InvalidOrder":
                raise
            flash(_("Use at most 20 tags of at most 40 characters each."))
    return redirect(url_for("portal.order", order_id=order_id))
