"""Portal pages: login, logout, language (the dashboard is in portal/dashboard.py, products in portal/products.py)."""
from urllib.parse import urlsplit, urlunsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.forms import LoginForm, LogoutForm
from gateway.portal.host_portal import may_sign_in_here
from gateway.portal.session_user import start_session

def minutes_in(message: str) -> str:
    """accounts says "...try again in N minutes."; the portal says it in the reader's language."""
    return next((word for word in message.split() if word.isdigit()), "15")


def too_many_attempts(error: RemoteError) -> str:
    return _("Too many attempts; try again in %(minutes)s minutes.", minutes=minutes_in(error.value))


LOGIN_REFUSALS = {
    "InvalidCredentials": lambda error: _("Unknown username or wrong password."),
    "LoginNotAllowed": lambda error: _("This account may not log in to the portal. Please contact your warehouse."),
    "TooManyAttempts": too_many_attempts,
}


def _safe_next(target: str | None) -> str:
    """Only back into the portal: a login link must not send people to another site."""
    if target and target.startswith("/fulfilmentportal/") and not target.startswith("//"):
        return target
    return url_for("portal.dashboard")


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    if g.user:
        return redirect(url_for("portal.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = rpc_client().accounts.authenticate_user(form.username.data, form.password.data,
                                                           request.remote_addr)
        except RemoteError as error:
            if error.exc_type not in LOGIN_REFUSALS:
                raise
            form.password.errors.append(LOGIN_REFUSALS[error.exc_type](error))
        else:
            if may_sign_in_here(user["customer_id"]):
                start_session(user)
                return redirect(_safe_next(request.args.get("next")))
            # Another client's user on this client's own address: as unknown here as anyone's.
            form.password.errors.append(LOGIN_REFUSALS["InvalidCredentials"](None))
    return render_template("portal/login.html", form=form), 200 if not form.errors else 400


@blueprint.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        if g.user:
            rpc_client().accounts.end_sessions(g.user["customer_id"], g.user["user_id"], g.user["session_version"])
        session.clear()
        flash(_("You have been signed out."))
    return redirect(url_for("portal.login"))


@blueprint.get("/language/<code>")
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["language"] = code
    return redirect(_portal_page_referred_from() or url_for("portal.login"))


def _portal_page_referred_from() -> str | None:
    """The portal page the language was picked on, as a path on this site, or None: a Referer
    naming another origin (`https://evil.example/fulfilmentportal/x`) must not be followed."""
    referrer = urlsplit(request.referrer or "")
    if (referrer.scheme, referrer.netloc) != (request.scheme, request.host):
        return None
    return _safe_next(urlunsplit(("", "", referrer.path, referrer.query, "")))
