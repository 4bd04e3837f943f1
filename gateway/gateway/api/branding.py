"""/api/v1/fulfilment/branding (for all customers) and /fulfilment/customers/{id}/branding:
what the portal shows of the operator: `text`, `link`, `dashboard_text` and `logo` (base64
PNG, JPEG, GIF or WebP, at most 200 kB; null removes it), and `translations`: the texts per
language (`nl`, `en`), shown instead of the default ones to users of that language; on one client's,
`domain`: its own portal address (gateway/portal/host_portal.py). Operator keys only."""
from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import require_operator
from gateway.api.picqer_format import json_body


@blueprint.get("/fulfilment/branding")
@blueprint.get("/fulfilment/customers/<int:customer_id>/branding")
def get_branding(customer_id: int | None = None):
    require_operator()
    return rpc_client().accounts.get_branding(customer_id)


@blueprint.put("/fulfilment/branding")
@blueprint.put("/fulfilment/customers/<int:customer_id>/branding")
def set_branding(customer_id: int | None = None):
    """Change the fields given: `{"dashboard_text": "Orders before 15:00 ship the same day.",
    "translations": {"nl": {"dashboard_text": "Voor 15:00 besteld, dezelfde dag verzonden."}}}`.
    A customer's own setting wins field by field over the one for all; within one setting a text in
    the reader's language wins over the default text."""
    require_operator()
    return rpc_client().accounts.set_branding(customer_id, json_body())
