"""The client's address book (permission "ordering": the order form chooses from it)."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from nameko.exceptions import RemoteError
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Length, Optional

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.permissions import permission_required
from gateway.portal.remote_form_errors import show_on_form
from gateway.portal.session_user import current_customer_id
from gateway.portal.users import ActionForm


class AddressForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    contactname = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    address = StringField(_l("Street and number"), validators=[DataRequired(), Length(max=200)])
    address2 = StringField(_l("Address line 2"), validators=[Optional(), Length(max=200)])
    zipcode = StringField(_l("Postcode"), validators=[DataRequired(), Length(max=20)])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    country = StringField(_l("Country (two letters, e.g. NL)"), validators=[DataRequired(), Length(min=2, max=2)])
    emailaddress = EmailField(_l("Email address"), validators=[Optional(), Length(max=254)])
    telephone = StringField(_l("Telephone"), validators=[Optional(), Length(max=50)])

    def address_data(self) -> dict:
        return {name: (field.data or "").strip() or None for name, field in self._fields.items()
                if name != "csrf_token"}


def address_or_404(address_id: int) -> dict:
    try:
        return rpc_client().accounts.get_address(current_customer_id(), address_id)
    except RemoteError as error:
        if error.exc_type == "AddressNotFound":
            abort(404)
        raise


@blueprint.get("/addresses")
@permission_required("ordering")
def addresses():
    rows = rpc_client().accounts.list_addresses(current_customer_id())
    return render_template("portal/addresses.html", addresses=rows, action=ActionForm())


@blueprint.route("/addresses/new", methods=["GET", "POST"])
@blueprint.route("/addresses/<int:address_id>", methods=["GET", "POST"])
@permission_required("ordering")
def address(address_id: int | None = None):
    existing = address_or_404(address_id) if address_id else None
    form = AddressForm(data=existing)
    if form.validate_on_submit():
        accounts = rpc_client().accounts
        try:
            if existing:
                accounts.update_address(current_customer_id(), address_id, form.address_data())
            else:
                accounts.create_address(current_customer_id(), form.address_data())
        except RemoteError as error:
            show_on_form(form, error, "name")
        else:
            flash(_("The address has been saved."))
            return redirect(url_for("portal.addresses"))
    return render_template("portal/address.html", form=form, existing=existing), 400 if form.errors else 200


@blueprint.post("/addresses/<int:address_id>/delete")
@permission_required("ordering")
def delete_address(address_id: int):
    if ActionForm().validate_on_submit():
        try:
            rpc_client().accounts.delete_address(current_customer_id(), address_id)
        except RemoteError as error:
            if error.exc_type == "AddressNotFound":
                abort(404)
            raise
        flash(_("The address has been deleted."))
    return redirect(url_for("portal.addresses"))
