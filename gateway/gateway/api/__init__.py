"""The Picqer-compatible REST API at /api/v1: HTTP Basic auth with the API key as user name,
JSON in and out, lists of at most 100 rows paged with `?offset=`."""
from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

from gateway.api import (  # noqa: E402,F401  (register routes)
    api_keys, auth, branding, customers, errors, hooks, images, orders, picklists, products, purchase_orders, receipts, returns,
    shipping_providers, stock, stock_transfers, suppliers, tags, users, webshops,
)
from gateway.api import key_rights  # noqa: E402,F401  (after auth: it reads the key auth found)
from gateway.api import documented_arguments  # noqa: E402,F401  (after auth, as key_rights)
