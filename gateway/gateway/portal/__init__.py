"""The client portal at /fulfilmentportal: server-rendered pages for one customer's users."""
from flask import Blueprint

blueprint = Blueprint("portal", __name__, url_prefix="/fulfilmentportal")

from gateway.portal import products, session_user, stock, views  # noqa: E402,F401  (register hooks and routes)
