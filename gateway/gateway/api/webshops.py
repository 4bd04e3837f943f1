"""/api/v1/webshops: a client's linked shops (WooCommerce, Shopify or our generic JSON pull
endpoint), whose orders arrive here by themselves. A customer key links and reads its own
customer's (linking and unlinking need the `webshops` permission); an operator key names
`idfulfilment_customer`. Credentials go in once and never come back out."""
from flask import g

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, refuse_unknown_arguments, required_customer
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times
from gateway.webshop_scope import webshop_in_scope, webshop_scope


def present_webshop(webshop: dict) -> dict:
    return with_picqer_times(webshop, "created")


def webshop_or_404(webshop_id: int) -> dict:
    """The shop, for the customer this request acts for; one outside the key's webshops is a 404."""
    service = rpc_client().webshop_gateway
    webshop = for_key_scope(service.get_webshop, service.get_webshop_of_any_customer, webshop_id)
    if not webshop_in_scope(webshop_id):
        raise ApiError(404, f"webshop {webshop_id} not found")
    return webshop


@blueprint.get("/webshops")
def list_webshops():
    """The linked shops, oldest first."""
    refuse_unknown_arguments()
    service = rpc_client().webshop_gateway
    return [present_webshop(row) for row in for_key_scope(
        lambda customer_id: service.list_webshops(customer_id, webshop_scope()),
        lambda: service.list_webshops_of_all_customers(offset_argument()))]


@blueprint.post("/webshops")
def link_webshop():
    """Link a shop: `{"platform": "woocommerce", "name": "Acme shop", "url": "https://shop.acme.example",
    "consumer_key": "ck_...", "consumer_secret": "cs_..."}` (Shopify and the JSON shop take an
    `access_token`) → 201, without the credentials, which are stored encrypted."""
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    return present_webshop(rpc_client().webshop_gateway.link_webshop(
        customer_id, body, f"API key {g.api_key['name']}")), 201


@blueprint.get("/webshops/<int:webshop_id>")
def get_webshop(webshop_id: int):
    return present_webshop(webshop_or_404(webshop_id))


@blueprint.delete("/webshops/<int:webshop_id>")
def unlink_webshop(webshop_id: int):
    """Unlink a shop: its credentials are forgotten at once; orders it sent stay."""
    webshop = webshop_or_404(webshop_id)
    return present_webshop(rpc_client().webshop_gateway.unlink_webshop(
        webshop["idfulfilment_customer"], webshop_id, f"API key {g.api_key['name']}"))
