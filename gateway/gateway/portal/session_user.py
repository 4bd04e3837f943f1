"""The logged-in portal user, checked with accounts on every request.

The session cookie holds only ids and the user's session version; accounts decides whether they
are still valid, so a logout elsewhere, a password change or `can_login` turned off ends the
session at once. A session counts only on the host it was made on (portal/host_portal.py). A session also ends SESSION_ABSOLUTE_LIFETIME after its login, however busy it
was (PERMANENT_SESSION_LIFETIME only ends idle ones), so a stolen cookie is not good forever.
"""
import time

from flask import current_app, g, redirect, request, session, url_for
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.host_portal import may_sign_in_here, remember_host, session_made_here

PUBLIC_ENDPOINTS = {"portal.login", "portal.set_language", "portal.logo"}


def start_session(user: dict) -> None:
    session.clear()
    session.permanent = True
    session["user_id"] = user["user_id"]
    session["customer_id"] = user["customer_id"]
    session["session_version"] = user["session_version"]
    session["signed_in_at"] = int(time.time())
    # Pages made before the user is loaded (a refused form's CSRF check) speak the user's language too.
    session["language"] = user.get("language")
    remember_host()


def _outlived_its_login() -> bool:
    return time.time() - session.get("signed_in_at", 0) > current_app.config["SESSION_ABSOLUTE_LIFETIME"]


@blueprint.before_request
def load_session_user():
    g.user = None
    if "user_id" in session and (_outlived_its_login() or not session_made_here()
                                 or not may_sign_in_here(session["customer_id"])):
        session.clear()
    if "user_id" in session:
        try:
            g.user = rpc_client().accounts.get_session_user(
                session["customer_id"], session["user_id"], session["session_version"]
            )
        except RemoteError as error:
            if error.exc_type != "SessionExpired":
                raise
            session.clear()
    if g.user is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(url_for("portal.login", next=request.full_path.rstrip("?")))


def current_customer_id() -> int:
    """The tenant of this request: always from the session, never from the request."""
    return g.user["customer_id"]
