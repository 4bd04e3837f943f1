"""The client's linked webshops: link one (permission "webshops") with the credentials its
platform needs, which are stored encrypted and never shown again; see each one; unlink it. A
user limited to some webshops sees only those; another one is a 404, like another client's."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from nameko.exceptions import RemoteError
from wtforms import PasswordField, SelectChoice, SelectField, StringField, URLField
from wtforms.validators import DataRequired, Length, Optional

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.counts import ngettext
from gateway.portal.permissions import has_permission, permission_required
from gateway.portal.products import offset_argument
from gateway.portal.remote_form_errors import show_on_form
from gateway.portal.session_user import current_customer_id
from gateway.portal.users import ActionForm
from gateway.webhooks import with_webhook_url
from gateway.webshop_checks import explained_test
from gateway.webshop_scope import webshop_in_scope, webshop_scope

PAGE_SIZE = 100
OUTCOMES = ("imported", "failed", "skipped", "pending")
# What goes back to a shop (webshop_gateway's sync health, pending_outbound), by kind.
OUTBOUND_NAMES = {"tracking": _l("tracking codes"), "stock": _l("stock levels")}
PLATFORM_NAMES = {"woocommerce": "WooCommerce", "shopify": "Shopify", "json": _l("Generic JSON shop")}


class WebshopForm(FlaskForm):
    platform = SelectField(_l("Platform"), choices=[SelectChoice(name, label) for name, label in PLATFORM_NAMES.items()],
                           validators=[DataRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    url = URLField(_l("Shop address"), validators=[DataRequired(), Length(max=500)])
    consumer_key = StringField(_l("Consumer key (WooCommerce)"), validators=[Optional(), Length(max=200)])
    consumer_secret = PasswordField(_l("Consumer secret (WooCommerce)"), validators=[Optional(), Length(max=200)])
    access_token = PasswordField(_l("Access token (Shopify, JSON shop)"), validators=[Optional(), Length(max=500)])
    webhook_secret = PasswordField(_l("Webhook secret (optional: the secret the shop signs its webhooks with)"),
                                   validators=[Optional(), Length(max=500)])

    def webshop_data(self) -> dict:
        """What was filled in: a credential of another platform, typed by mistake, is refused by name."""
        return {name: field.data.strip() for name, field in self._fields.items()
                if name != "csrf_token" and (field.data or "").strip()}


def webshop_or_404(webshop_id: int) -> dict:
    if not webshop_in_scope(webshop_id):
        abort(404)
    try:
        return with_webhook_url(rpc_client().webshop_gateway.get_webshop(current_customer_id(), webshop_id))
    except RemoteError as error:
        if error.exc_type == "WebshopNotFound":
            abort(404)
        raise


def _list_page(form: WebshopForm, status: int = 200):
    rows = rpc_client().webshop_gateway.list_webshops(current_customer_id(), webshop_scope())
    return render_template("portal/webshops.html", webshops=rows, form=form if has_permission("webshops") else None,
                           platform_names=PLATFORM_NAMES), status


@blueprint.get("/webshops")
def webshops():
    return _list_page(WebshopForm())


@blueprint.post("/webshops")
@permission_required("webshops")
def link_webshop():
    form = WebshopForm()
    if form.validate_on_submit():
        try:
            linked = rpc_client().webshop_gateway.link_webshop(current_customer_id(), form.webshop_data(),
                                                               g.user["username"])
        except RemoteError as error:
            show_on_form(form, error, "name")
        else:
            flash(_("%(name)s has been linked. Its credentials are stored encrypted and are not shown again.",
                    name=linked["name"]))
            return redirect(url_for("portal.webshop", webshop_id=linked["idwebshop"]))
    return _list_page(form, 400)


@blueprint.get("/webshops/<int:webshop_id>")
def webshop(webshop_id: int):
    """The shop, how its sync goes, every order it sent with what became of it, and the newest
    tracking codes sent back to it."""
    shop = webshop_or_404(webshop_id)
    outcome = request.args.get("outcome") if request.args.get("outcome") in OUTCOMES else None
    offset = offset_argument()
    service = rpc_client().webshop_gateway
    seen = service.list_seen_orders(current_customer_id(), webshop_id, offset, outcome)
    connection_test = explained_test(service.get_last_connection_test(current_customer_id(), webshop_id),
                                     shop["platform"])
    health = service.get_sync_health(current_customer_id(), webshop_id)
    updates = service.list_shop_updates(current_customer_id(), webshop_id, 0)
    return render_template("portal/webshop.html", webshop=shop, action=ActionForm(), platform_names=PLATFORM_NAMES,
                           connection_test=connection_test, health=health, outbound_names=OUTBOUND_NAMES,
                           shop_updates=updates,
                           seen_orders=seen, outcomes=OUTCOMES, filters={"outcome": outcome} if outcome else {},
                           offset=offset, page_size=PAGE_SIZE)


@blueprint.get("/webshops/<int:webshop_id>/stock")
def webshop_stock(webshop_id: int):
    """The shop's stock beside our free stock, product by product, read live; differences flagged."""
    shop = webshop_or_404(webshop_id)
    offset = offset_argument()
    result = rpc_client().webshop_gateway.get_stock_reconciliation(current_customer_id(), webshop_id, offset)
    return render_template("portal/webshop_stock.html", webshop=shop, result=result, offset=offset,
                           page_size=PAGE_SIZE)


@blueprint.post("/webshops/<int:webshop_id>/seen-orders/<int:seen_order_id>/retry")
@permission_required("webshops")
def retry_seen_order(webshop_id: int, seen_order_id: int):
    webshop_or_404(webshop_id)
    if ActionForm().validate_on_submit():
        try:
            seen = rpc_client().webshop_gateway.retry_seen_order(current_customer_id(), webshop_id, seen_order_id)
        except RemoteError as error:
            if error.exc_type == "SeenOrderNotFound":
                abort(404)
            if error.exc_type != "InvalidWebshop":
                raise
            flash(_("This order was not retried: it did not fail."))
        else:
            if seen["outcome"] == "imported":
                flash(_("Order %(reference)s has been imported.", reference=seen["reference"]))
            else:
                flash(_("Order %(reference)s still cannot be imported: %(reason)s", reference=seen["reference"],
                        reason=seen["reason"] or ""))
    return redirect(url_for("portal.webshop", webshop_id=webshop_id))


@blueprint.post("/webshops/<int:webshop_id>/shop-updates/<int:shop_update_id>/retry")
@permission_required("webshops")
def retry_shop_update(webshop_id: int, shop_update_id: int):
    """Sends a failed tracking code again, once the client has fixed what its reason said."""
    webshop_or_404(webshop_id)
    if ActionForm().validate_on_submit():
        try:
            update = rpc_client().webshop_gateway.retry_shop_update(current_customer_id(), webshop_id, shop_update_id)
        except RemoteError as error:
            if error.exc_type == "ShopUpdateNotFound":
                abort(404)
            if error.exc_type != "ShopUpdateNotRetryable":
                raise
            flash(_("This tracking code is not sent: its parcel was withdrawn."))
        else:
            flash(_("Tracking code %(code)s of order %(reference)s is sent to the shop again.",
                    code=update["trackingcode"], reference=update["reference"]))
    return redirect(url_for("portal.webshop", webshop_id=webshop_id, _anchor="shop-updates"))


@blueprint.post("/webshops/<int:webshop_id>/connection-test")
@permission_required("webshops")
def test_webshop_connection(webshop_id: int):
    """Runs the connection test; the shop's page shows its result."""
    shop = webshop_or_404(webshop_id)
    if ActionForm().validate_on_submit():
        test = rpc_client().webshop_gateway.test_webshop_connection(current_customer_id(), webshop_id,
                                                                    shop["webhook_url"], g.user["username"])
        failed = sum(check["status"] == "failed" for check in test["checks"])
        flash(_("The connection test passed.") if not failed else
              ngettext("The connection test found %(num)s problem.", "The connection test found %(num)s problems.",
                       failed))
    return redirect(url_for("portal.webshop", webshop_id=webshop_id, _anchor="connection-test"))


@blueprint.post("/webshops/<int:webshop_id>/stock-push")
@permission_required("webshops")
def set_stock_push(webshop_id: int):
    """Switches pushing our free stock to the shop on or off."""
    webshop_or_404(webshop_id)
    if ActionForm().validate_on_submit():
        enabled = request.form.get("push_stock") == "on"
        shop = rpc_client().webshop_gateway.set_stock_push(current_customer_id(), webshop_id, enabled)
        flash(_("Our free stock is now set in %(name)s: the products it has at once, and again whenever it changes.",
                name=shop["name"]) if shop["push_stock"]
              else _("Our free stock is no longer set in %(name)s.", name=shop["name"]))
    return redirect(url_for("portal.webshop", webshop_id=webshop_id, _anchor="sync-health"))


@blueprint.post("/webshops/<int:webshop_id>/unlink")
@permission_required("webshops")
def unlink_webshop(webshop_id: int):
    webshop_or_404(webshop_id)
    if ActionForm().validate_on_submit():
        unlinked = rpc_client().webshop_gateway.unlink_webshop(current_customer_id(), webshop_id, g.user["username"])
        flash(_("%(name)s has been unlinked and its credentials forgotten.", name=unlinked["name"]))
    return redirect(url_for("portal.webshops"))
