"""The client portal at /fulfilmentportal: server-rendered pages for one customer's users."""
from flask import Blueprint

blueprint = Blueprint("portal", __name__, url_prefix="/fulfilmentportal")

from gateway.portal import (  # noqa: E402,F401  (register hooks and routes)
    account, addresses, api_keys, backorders, branding, current_order, dashboard, orders, products, purchase_orders, session_user,
    returns, search, shipments, stock, stock_transfers, users, views, webshops, order_totals, hooks,
)
