"""/api/v1/webshops: a client's linked shops (WooCommerce, Shopify or our generic JSON pull
endpoint), whose orders arrive here by themselves. A customer key links and reads its own
customer's (linking and unlinking need the `webshops` permission); an operator key names
`idfulfilment_customer`. Credentials go in once and never come back out."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, refuse_unknown_arguments, required_customer
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times
from gateway.webhooks import with_webhook_url
from gateway.webshop_checks import explained_test
from gateway.webshop_scope import webshop_in_scope, webshop_scope


def present_webshop(webshop: dict) -> dict:
    return with_picqer_times(with_webhook_url(webshop), "created", "last_poll", "last_success", "next_poll",
                             "webhook_problem_at")


def present_seen_order(seen: dict) -> dict:
    return with_picqer_times(seen, "first_seen", "last_seen", "outcome_at")


def webshop_or_404(webshop_id: int) -> dict:
    """The shop, for the customer this request acts for; one outside the key's webshops is a 404."""
    service = rpc_client().webshop_gateway
    webshop = for_key_scope(service.get_webshop, service.get_webshop_of_any_customer, webshop_id)
    if not webshop_in_scope(webshop_id):
        raise ApiError(404, f"webshop {webshop_id} not found")
    return webshop


def checked_push_stock(body: dict) -> bool:
    """JSON's true or false only: a 1 or "yes" is refused, not read as true."""
    if not isinstance(body.get("push_stock"), bool):
        raise ApiError(400, "push_stock: true or false.")
    return body["push_stock"]


@blueprint.get("/webshops")
def list_webshops():
    """The linked shops, oldest first."""
    refuse_unknown_arguments()
    service = rpc_client().webshop_gateway
    offset = offset_argument()
    return [present_webshop(row) for row in for_key_scope(
        lambda customer_id: service.list_webshops(customer_id, webshop_scope())[offset:offset + 100],
        lambda: service.list_webshops_of_all_customers(offset))]


@blueprint.post("/webshops")
def link_webshop():
    """Link a shop: `{"platform": "woocommerce", "name": "Acme shop", "url": "https://shop.acme.example",
    "consumer_key": "ck_...", "consumer_secret": "cs_..."}` (Shopify and the JSON shop take an
    `access_token`), and optionally the `webhook_secret` its webhooks are signed with and `push_stock`
    → 201, without the credentials, which are stored encrypted; its `webhook_url` is where the shop
    posts its orders."""
    body = json_body()
    if "push_stock" in body:
        checked_push_stock(body)
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    return present_webshop(rpc_client().webshop_gateway.link_webshop(
        customer_id, body, f"API key {g.api_key['name']}")), 201


@blueprint.get("/webshops/<int:webshop_id>")
def get_webshop(webshop_id: int):
    return present_webshop(webshop_or_404(webshop_id))


@blueprint.put("/webshops/<int:webshop_id>")
def update_webshop(webshop_id: int):
    """Change how a linked shop is kept: `{"push_stock": true}` sets our free stock in the shop's
    product with the same SKU (our product code) whenever it changes, and once switched on in full for
    every product the shop has (WooCommerce and Shopify; a JSON shop stays off)."""
    webshop = webshop_or_404(webshop_id)  # another client's shop is not found, whatever the body
    body = json_body()
    unknown = sorted(set(body) - {"push_stock"})
    if unknown:
        raise ApiError(400, f"{unknown[0]}: not a field of a webshop that can be changed (push_stock).")
    return present_webshop(rpc_client().webshop_gateway.set_stock_push(
        webshop["idfulfilment_customer"], webshop_id, checked_push_stock(body)))


@blueprint.delete("/webshops/<int:webshop_id>")
def unlink_webshop(webshop_id: int):
    """Unlink a shop: its credentials are forgotten at once; orders it sent stay."""
    webshop = webshop_or_404(webshop_id)
    return present_webshop(rpc_client().webshop_gateway.unlink_webshop(
        webshop["idfulfilment_customer"], webshop_id, f"API key {g.api_key['name']}"))


@blueprint.get("/webshops/<int:webshop_id>/seenorders")
def list_seen_orders(webshop_id: int):
    """Every order the shop sent, newest first, 100 a page, with its outcome: `imported` (its
    `idorder`), `skipped` (not to be fulfilled), `failed` (the `reason`, to act on) or `pending`;
    `?outcome=failed`."""
    refuse_unknown_arguments("outcome")
    webshop = webshop_or_404(webshop_id)
    return [present_seen_order(row) for row in rpc_client().webshop_gateway.list_seen_orders(
        webshop["idfulfilment_customer"], webshop_id, offset_argument(), request.args.get("outcome") or None)]


@blueprint.post("/webshops/<int:webshop_id>/seenorders/<int:seen_order_id>/retry")
def retry_seen_order(webshop_id: int, seen_order_id: int):
    """Try a failed order again once its cause is fixed (a product added, the order corrected in
    the shop): asked of the shop as it is now, then imported, or failed again with the reason."""
    webshop = webshop_or_404(webshop_id)
    return present_seen_order(rpc_client().webshop_gateway.retry_seen_order(
        webshop["idfulfilment_customer"], webshop_id, seen_order_id))


def present_connection_test(test: dict, platform: str) -> dict:
    return with_picqer_times(explained_test(test, platform), "tested")


@blueprint.post("/webshops/<int:webshop_id>/connectiontest")
def test_webshop_connection(webshop_id: int):
    """Test the connection: each check (`reachable`, `tls`, `credentials`, `permissions`,
    `api_version`, `webhooks_registered`, `webhook_reachable`, `clock`) `passed`, `failed` or
    `not_applicable`, with an `explanation` and, for a failed one, what to do (`todo`) → 201; the
    result is kept (`GET …/connectiontest` gives the last one)."""
    webshop = with_webhook_url(webshop_or_404(webshop_id))
    test = rpc_client().webshop_gateway.test_webshop_connection(
        webshop["idfulfilment_customer"], webshop_id, webshop["webhook_url"], f"API key {g.api_key['name']}")
    return present_connection_test(test, webshop["platform"]), 201


@blueprint.get("/webshops/<int:webshop_id>/connectiontest")
def get_last_connection_test(webshop_id: int):
    """The last connection test of the shop; 404 while it has had none."""
    webshop = webshop_or_404(webshop_id)
    test = rpc_client().webshop_gateway.get_last_connection_test(webshop["idfulfilment_customer"], webshop_id)
    if test is None:
        raise ApiError(404, f"webshop {webshop_id} has not been tested yet")
    return present_connection_test(test, webshop["platform"])


def present_shop_update(update: dict) -> dict:
    return with_picqer_times(update, "send_after", "next_attempt", "sent", "created")


@blueprint.get("/webshops/<int:webshop_id>/shopupdates")
def list_shop_updates(webshop_id: int):
    """What went back to the shop for each parcel of its orders, newest first, 100 a page: the
    tracking code and its `status` (`waiting` until the parcel can no longer be cancelled and
    while the shop cannot be reached, `sending`, `sent`, `failed` with `last_error` saying what
    to do, `cancelled` when the parcel was withdrawn)."""
    refuse_unknown_arguments()
    webshop = webshop_or_404(webshop_id)
    return [present_shop_update(row) for row in rpc_client().webshop_gateway.list_shop_updates(
        webshop["idfulfilment_customer"], webshop_id, offset_argument())]


@blueprint.post("/webshops/<int:webshop_id>/shopupdates/<int:shop_update_id>/retry")
def retry_shop_update(webshop_id: int, shop_update_id: int):
    """Send a failed update again once its cause is fixed (new keys, the order restored in the
    shop): it waits to be sent at once (`status` `waiting`). An update that did not fail is answered
    as it is, so asking twice sends it once; a cancelled one (its parcel was withdrawn) is 409."""
    webshop = webshop_or_404(webshop_id)
    return present_shop_update(rpc_client().webshop_gateway.retry_shop_update(
        webshop["idfulfilment_customer"], webshop_id, shop_update_id))


@blueprint.get("/webshops/<int:webshop_id>/synchealth")
def get_sync_health(webshop_id: int):
    """How the shop's sync goes, as its page's panel shows it: the last successful poll, the polls
    that failed in the last day, and what waits to go back to the shop (tracking codes, stock levels)."""
    refuse_unknown_arguments()
    webshop = webshop_or_404(webshop_id)
    return with_picqer_times(rpc_client().webshop_gateway.get_sync_health(webshop["idfulfilment_customer"], webshop_id),
                             "last_success", "last_poll", "next_poll", "alerted")
