"""The operator's branding in the portal: logo and text in the top bar, text on the dashboard,
each text in the reader's language when the operator wrote one for it."""
import base64

from flask import abort, g, make_response
from flask_babel import get_locale

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.host_portal import host_customer_id
from gateway.portal.session_user import current_customer_id


def _branded_customer() -> int | None:
    """The signed-in user's client; before sign-in, the client whose own portal address this is."""
    return current_customer_id() if g.get("user") else host_customer_id()


def portal_branding() -> dict:
    """For templates; asked of accounts once per request, and only by pages that show it."""
    if "branding" not in g:
        customer_id = _branded_customer()
        g.branding = (rpc_client().accounts.get_portal_branding(customer_id, str(get_locale()))
                      if customer_id is not None else {})
    return g.branding


@blueprint.get("/branding/logo/<version>")
def logo(version: str):
    customer_id = _branded_customer()
    found = rpc_client().accounts.get_portal_logo(customer_id) if customer_id is not None else None
    if found is None:
        abort(404)
    response = make_response(base64.b64decode(found["data"]))
    response.content_type = found["content_type"]
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The version is in the URL, so a new logo has a new address and this one never changes.
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def register(app) -> None:
    app.add_template_global(portal_branding)
