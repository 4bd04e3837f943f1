"""Users of the client (client admins, permission "users"): list, invite, change permissions,
deactivate. The customer is always the session's; another client's user is a 404."""
from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from nameko.exceptions import RemoteError
from wtforms import BooleanField, EmailField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.permissions import PERMISSION_LABELS, has_permission, permission_required, permissions_that_apply
from gateway.portal.remote_form_errors import show_on_form
from gateway.portal.session_user import current_customer_id

class Checkboxes(SelectMultipleField):
    """Boxes to tick; a value that is none of them (a form changed by hand or by a script) is an
    error shown at the boxes, in the reader's words, not WTForms' "could not be coerced"."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Choose only from the boxes shown.")) from None

    def pre_validate(self, form):
        offered = {choice[0] if isinstance(choice, tuple) else choice.value for choice in self.choices or []}
        if any(value not in offered for value in self.data or []):
            raise ValidationError(_("Choose only from the boxes shown."))


class InviteForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    emailaddress = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    permissions = Checkboxes(_l("Permissions"))  # the choices: `_offer`


class UserForm(FlaskForm):
    permissions = Checkboxes(_l("Permissions"))
    all_warehouses = BooleanField(_l("All warehouses"))
    warehouses = Checkboxes(_l("Only these warehouses"), coerce=int)
    active = BooleanField(_l("Active (may sign in)"))

    def scoping(self) -> list[int] | None:
        """None: every warehouse (also ones added later); else the ticked ones."""
        return None if self.all_warehouses.data else self.warehouses.data


class ActionForm(FlaskForm):
    """Only the CSRF token, for buttons that change something."""


def _applying() -> list[str]:
    return permissions_that_apply(rpc_client().accounts.get_customer(current_customer_id())["can_manage_products"])


def _offer(form: InviteForm | UserForm, applying: list[str]) -> list[str]:
    """The permissions this admin may give: those that apply to the client and it holds itself
    (accounts refuses more anyway); the form offers only these."""
    offered = [name for name in applying if has_permission(name)]
    form.permissions.choices = [SelectChoice(name, PERMISSION_LABELS[name]) for name in offered]
    return offered


def _user_or_404(user_id: int) -> dict:
    try:
        return rpc_client().accounts.get_user(current_customer_id(), user_id)
    except RemoteError as error:
        if error.exc_type == "UserNotFound":
            abort(404)
        raise


@blueprint.route("/users", methods=["GET", "POST"])
@permission_required("users")
def users():
    form, applying = InviteForm(), _applying()
    _offer(form, applying)
    if form.validate_on_submit():
        try:
            rpc_client().accounts.create_user(current_customer_id(), {
                "username": form.username.data.strip(), "emailaddress": form.emailaddress.data.strip(),
                "permissions": form.permissions.data}, g.user["user_id"])
        except RemoteError as error:
            show_on_form(form, error, "username")
        else:
            flash(_("%(username)s has been invited by email.", username=form.username.data.strip()))
            return redirect(url_for("portal.users"))
    rows = rpc_client().accounts.list_users(current_customer_id())
    labels = {name: PERMISSION_LABELS[name] for name in applying}  # one without effect is not listed
    return (render_template("portal/users.html", users=rows, form=form, labels=labels),
            400 if form.errors else 200)


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("users")
def user(user_id: int):
    row = _user_or_404(user_id)
    form = UserForm(data={"permissions": row["permissions"], "active": row["active"],
                          "all_warehouses": row["idwarehouses"] is None, "warehouses": row["idwarehouses"] or []})
    form.warehouses.choices = [SelectChoice(w["idwarehouse"], w["name"]) for w in rpc_client().catalog.list_warehouses()]
    offered = _offer(form, _applying())
    if form.validate_on_submit():
        if user_id == g.user["user_id"] and ("users" not in form.permissions.data or not form.active.data):
            form.active.errors = [_("You cannot take away your own access; ask another administrator.")]
        else:
            try:
                # What the form did not offer stays as it was (not taken away unseen).
                kept = [name for name in row["permissions"] if name not in offered]
                rpc_client().accounts.update_user(current_customer_id(), user_id, {
                    "permissions": form.permissions.data + kept, "active": form.active.data,
                    "idwarehouses": form.scoping()}, g.user["user_id"])
            except RemoteError as error:  # more than this admin has, or the primary user
                show_on_form(form, error, "active", {"idwarehouses": "warehouses"})
            else:
                flash(_("The user has been saved."))
                return redirect(url_for("portal.users"))
    return (render_template("portal/user.html", user=row, form=form, action=ActionForm()),
            400 if form.errors else 200)


@blueprint.post("/users/<int:user_id>/invite")
@permission_required("users")
def resend_invite(user_id: int):
    if ActionForm().validate_on_submit():
        try:
            rpc_client().accounts.resend_invite(current_customer_id(), user_id)
        except RemoteError as error:
            if error.exc_type == "UserNotFound":
                abort(404)
            if error.exc_type != "InvalidUser":
                raise
            flash(_("This user has no email address."))
        else:
            flash(_("A new invite has been sent."))
    return redirect(url_for("portal.user", user_id=user_id))
