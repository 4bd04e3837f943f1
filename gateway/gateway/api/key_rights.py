"""What an API key may do, beyond whose data it reaches (auth.py): an operator key limited to
some scopes uses only those parts of the API; a customer key changes only what its maker may
change in the portal (accounts gives the key's `permissions`: the maker's, "products" only while
the customer may manage products)."""
from flask import current_app, g, request

from gateway.api import blueprint
from gateway.api.errors import ApiError

# The part of the API each module serves, as accounts names operator key scopes.
SCOPE_OF_MODULE = {"customers": "customers", "api_keys": "customers", "branding": "customers", "products": "products", "images": "products",
                   "stock": "stock", "stock_transfers": "stock", "orders": "orders", "picklists": "orders",
                   "shipping_providers": "orders", "returns": "orders", "purchase_orders": "purchasing", "suppliers": "purchasing",
                   "receipts": "purchasing", "users": "customers", "webshops": "orders",
                   "hooks": "orders", "tags": "orders"}  # and the scope of each hook's event: hooks.py
# The portal permission a customer key needs to change something there (the rest a customer
# key may only read, or is the operator's: see each module).
PERMISSION_OF_MODULE = {"products": "products", "images": "products", "orders": "ordering",
                        "purchase_orders": "purchasing", "suppliers": "purchasing", "stock_transfers": "purchasing",
                        "returns": "returns", "webshops": "webshops", "tags": "ordering"}
READING = ("GET", "HEAD", "OPTIONS")
# Views every key may use whatever its scopes: who am I (users.get_me).
FOR_EVERY_KEY = {"api.get_me"}


def _module() -> str | None:
    view = current_app.view_functions.get(request.endpoint)
    return view.__module__.rsplit(".", 1)[-1] if view else None


@blueprint.before_request
def refuse_beyond_the_keys_rights():
    key, module = g.api_key, _module()
    if request.endpoint in FOR_EVERY_KEY:
        return
    if key["scope"] == "operator":
        scopes = key.get("scopes")
        if scopes is not None and SCOPE_OF_MODULE.get(module) not in scopes:
            raise ApiError(403, f"This API key is limited to: {', '.join(scopes)}.")
        return
    needed = PERMISSION_OF_MODULE.get(module)
    if request.method not in READING and needed and needed not in key.get("permissions", ()):
        raise ApiError(403, f"This API key may not change this: it lacks the permission {needed!r}"
                            + (" (the customer may not manage products)." if needed == "products" else "."))
