"""API keys of the client (client admins, permission "users"): a new key is shown once; a
revoked key stops working at once. Keys made here act only for this client, with at most the
permissions and warehouses of the user who made them, and only while that user may sign in."""
from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from nameko.exceptions import RemoteError
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.permissions import permission_required
from gateway.portal.remote_form_errors import show_on_form
from gateway.portal.session_user import current_customer_id
from gateway.portal.users import ActionForm


class ApiKeyForm(FlaskForm):
    name = StringField(_l("Name (what the key is for)"), validators=[DataRequired(), Length(max=200)])


@blueprint.route("/api-keys", methods=["GET", "POST"])
@permission_required("users")
def api_keys():
    form = ApiKeyForm()
    new_key = None
    if form.validate_on_submit():
        try:
            new_key = rpc_client().accounts.create_customer_api_key(current_customer_id(), form.name.data,
                                                                    g.user["user_id"])
        except RemoteError as error:
            show_on_form(form, error, "name")
        else:
            form = ApiKeyForm(formdata=None)
    keys = rpc_client().accounts.list_api_keys(current_customer_id())
    response = render_template("portal/api_keys.html", keys=keys, form=form, new_key=new_key, action=ActionForm(),
                               default_rate_limit=current_app.config["RATE_LIMIT_PER_MINUTE"])
    # The new key is in this page only: no cache may keep it.
    return response, 400 if form.errors else 200, {"Cache-Control": "no-store"}


@blueprint.post("/api-keys/<int:key_id>/revoke")
@permission_required("users")
def revoke_api_key(key_id: int):
    if ActionForm().validate_on_submit():
        try:
            rpc_client().accounts.revoke_api_key(current_customer_id(), key_id)
        except RemoteError as error:
            if error.exc_type == "ApiKeyNotFound":
                abort(404)
            raise
        flash(_("The API key has been revoked."))
    return redirect(url_for("portal.api_keys"))
