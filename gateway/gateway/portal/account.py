"""Getting in and staying in: invite acceptance, password reset, and the user's own settings."""
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from nameko.exceptions import RemoteError
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.remote_form_errors import show_on_form
from gateway.portal.session_user import PUBLIC_ENDPOINTS, start_session
from gateway.portal.views import too_many_attempts

PUBLIC_ENDPOINTS.update({"portal.accept_invite", "portal.request_password_reset", "portal.reset_password"})
LINK_PURPOSES = {"portal.accept_invite": "invite", "portal.reset_password": "reset"}


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=200)])
    confirm = PasswordField(_l("Repeat the new password"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class ResetRequestForm(FlaskForm):
    username = StringField(_l("Username or email address"), validators=[DataRequired(), Length(max=254)])


class SettingsForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    emailaddress = EmailField(_l("Email address for notifications"), validators=[Optional(), Length(max=254)])
    # Reset links go to that address: whoever changes it must know the password.
    current_password = PasswordField(_l("Current password (needed to change the email address)"),
                                     validators=[Optional(), Length(max=200)])
    language = SelectField(_l("Language"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")])
    low_stock_alerts = BooleanField(_l("a product falls below its minimum stock"))
    stockout_alerts = BooleanField(_l("an order has to wait for stock"))
    goods_received_alerts = BooleanField(_l("goods were received in the warehouse (a purchase order or a stock transfer)"))
    shipment_alerts = BooleanField(_l("an order or its backorder has been shipped, or a return moved on"))


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])


def _link_page(template_title, token: str):
    """Shared by invite and reset links: check the link, take a new password, log in."""
    purpose = LINK_PURPOSES[request.endpoint]
    accounts = rpc_client().accounts
    try:
        holder = accounts.check_link(purpose, token)
    except RemoteError as error:
        if error.exc_type != "InvalidToken":
            raise
        return render_template("portal/link_invalid.html"), 400
    session["language"] = holder["language"]
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = accounts.set_password_with_link(purpose, token, form.password.data)
        except RemoteError as error:
            show_on_form(form, error, "password")
        else:
            start_session(user)
            flash(_("Your password has been set. Welcome!"))
            return redirect(url_for("portal.dashboard"))
    return (render_template("portal/set_password.html", form=form, title=template_title(), username=holder["username"]),
            400 if form.errors else 200)


@blueprint.route("/invite/<token>", methods=["GET", "POST"])
def accept_invite(token: str):
    return _link_page(lambda: _("Welcome: choose your password"), token)


@blueprint.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _link_page(lambda: _("Choose a new password"), token)


@blueprint.route("/password-reset", methods=["GET", "POST"])
def request_password_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        try:
            rpc_client().accounts.request_password_reset(form.username.data, request.remote_addr)
        except RemoteError as error:
            if error.exc_type != "TooManyAttempts":
                raise
            form.username.errors.append(too_many_attempts(error))
        else:
            # The same answer whether or not the account exists: nobody learns which do.
            flash(_("If that account exists and has an email address, a link to choose a new password is on its way."))
            return redirect(url_for("portal.login"))
    return render_template("portal/password_reset_request.html", form=form), 400 if form.errors else 200


def _show_refusal(form: FlaskForm, error: RemoteError, fallback_field: str, field_names=None) -> None:
    """Checking the current password is throttled like the login: say how long to wait."""
    if error.exc_type == "TooManyAttempts":
        form.current_password.errors.append(too_many_attempts(error))
    else:
        show_on_form(form, error, fallback_field, field_names)


@blueprint.route("/account", methods=["GET", "POST"])
def account_settings():
    user = g.user
    settings = SettingsForm(prefix="settings", data={
        "username": user["username"], "emailaddress": user["email"], "language": user["language"],
        "low_stock_alerts": user.get("low_stock_alerts", True), "stockout_alerts": user.get("stockout_alerts", True),
        "goods_received_alerts": user.get("goods_received_alerts", True),
        "shipment_alerts": user.get("shipment_alerts", True)})
    password = ChangePasswordForm(prefix="password")
    accounts = rpc_client().accounts
    if request.method == "POST" and "settings-username" in request.form and settings.validate():
        try:
            accounts.update_own_settings(user["customer_id"], user["user_id"], {
                "username": settings.username.data.strip(), "emailaddress": settings.emailaddress.data or None,
                "language": settings.language.data, "low_stock_alerts": settings.low_stock_alerts.data,
                "stockout_alerts": settings.stockout_alerts.data,
                "goods_received_alerts": settings.goods_received_alerts.data,
                "shipment_alerts": settings.shipment_alerts.data,
                **({"current_password": settings.current_password.data} if settings.current_password.data else {})})
        except RemoteError as error:
            _show_refusal(settings, error, "username")
        else:
            session.pop("language", None)
            with force_locale(settings.language.data):  # the next page is in the new language
                flash(_("Your settings have been saved."))
            return redirect(url_for("portal.account_settings"))
    if request.method == "POST" and "password-password" in request.form and password.validate():
        try:
            changed = accounts.change_password(user["customer_id"], user["user_id"],
                                               password.current_password.data, password.password.data)
        except RemoteError as error:
            _show_refusal(password, error, "password", {"password": "current_password"}
                          if "current" in (error.value or "") else None)
        else:
            session["session_version"] = changed["session_version"]  # this session stays, others end
            flash(_("Your password has been changed. Other sessions have been signed out."))
            return redirect(url_for("portal.account_settings"))
    failed = request.method == "POST"
    return render_template("portal/account.html", settings=settings, password=password), 400 if failed else 200
