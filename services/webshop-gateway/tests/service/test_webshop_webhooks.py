"""Orders posted by (fake) shops as webhooks, through the real service: taken only with a
signature that matches, seen like polled ones (so an order that comes both ways is imported
once), and every refused delivery noted on the shop for the client."""
import base64
import json

import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ServiceRpcProxy
from webshop_fakes import FakeOrders, FakeShopify, FakeWooCommerce

from servicekit.testing import started_with_fakes
from webshop_gateway import polling, seen_orders, webhooks
from webshop_gateway.connections import get_webshop, link_webshop
from webshop_gateway.service import WebshopGatewayService

CUSTOMER = 7
SECRET = "whsec_shared_with_the_shop"


class Posted:
    """What the gateway hands on of a shop's POST: the headers and the raw body."""

    def __init__(self, webhook_token: str):
        self.webhook_token = webhook_token

    def __call__(self, db, headers: dict, body: bytes) -> dict:
        return webhooks.receive_webhook(db, self.webhook_token, headers, base64.b64encode(body).decode())


def woo_headers(body: bytes, secret: str = SECRET, topic: str = "order.created") -> dict:
    return {"X-WC-Webhook-Topic": topic, "X-WC-Webhook-Signature": webhooks.signature(secret, body)}


@pytest.fixture
def woo(db):
    with FakeWooCommerce() as shop:
        webshop = db.change(link_webshop, CUSTOMER, {
            "platform": "woocommerce", "name": "Acme shop", "url": shop.url, "consumer_key": shop.consumer_key,
            "consumer_secret": shop.consumer_secret, "webhook_secret": SECRET}, "anna")
        yield shop, webshop, Posted(db.read(get_webshop, CUSTOMER, webshop["idwebshop"])["webhook_token"])


def test_a_signed_order_is_seen_and_imported_once_even_when_polled_too(db, woo):
    shop, webshop, post = woo
    order = shop.add_order([("MUG-1", 2)])
    body = json.dumps(order).encode()
    assert post(db, woo_headers(body), body) == {"received": "order", "external_id": str(order["id"])}
    assert post(db, woo_headers(body, topic="order.updated"), body)["received"] == "order"
    orders = FakeOrders()
    polling.poll_due_shops(db, orders)  # the shop's first poll finds the same order
    (seen,) = db.read(seen_orders.list_seen_orders, CUSTOMER, webshop["idwebshop"], 0, None)
    assert seen["outcome"] == "imported" and seen["times_seen"] == 3 and len(orders.created) == 1


def test_a_signature_that_does_not_match_is_refused_and_noted_on_the_shop(db, woo):
    shop, webshop, post = woo
    body = json.dumps(shop.add_order([("MUG-1", 1)])).encode()
    for headers in (woo_headers(body, secret="not-the-secret"), {"X-WC-Webhook-Topic": "order.created"}):
        with pytest.raises(webhooks.WebhookRefused):
            post(db, headers, body)
    assert db.read(seen_orders.list_seen_orders, CUSTOMER, webshop["idwebshop"], 0, None) == []
    problem = db.read(get_webshop, CUSTOMER, webshop["idwebshop"])["webhook_problem"]
    assert "X-WC-Webhook-Signature" in problem and "does not match" in problem
    post(db, woo_headers(body), body)  # the right one clears it
    assert db.read(get_webshop, CUSTOMER, webshop["idwebshop"])["webhook_problem"] is None


def test_woocommerces_ping_is_answered_and_a_signed_web_page_is_unreadable(db, woo):
    shop, webshop, post = woo
    assert post(db, woo_headers(b"webhook_id=14"), b"webhook_id=14") == {"received": "ping"}
    html = b"<html><body>Oops</body></html>"
    with pytest.raises(webhooks.WebhookUnreadable, match="not JSON"):
        post(db, woo_headers(html), html)
    assert "cannot be read" in db.read(get_webshop, CUSTOMER, webshop["idwebshop"])["webhook_problem"]


def test_a_shopify_order_comes_signed_with_the_apps_client_secret_through_the_rpc(db, container_factory, config):
    with FakeShopify() as shop:
        webshop = db.change(link_webshop, CUSTOMER, {"platform": "shopify", "name": "Acme on Shopify", "url": shop.url,
                                                     "access_token": shop.access_token,
                                                     "webhook_secret": shop.client_secret}, "anna")
        token = db.read(get_webshop, CUSTOMER, webshop["idwebshop"])["webhook_token"]
        order = shop.add_order([("MUG-1", 1)])
        body = json.dumps(order).encode()
        headers = {"X-Shopify-Topic": "orders/create", "X-Shopify-Hmac-Sha256": shop.signature(body)}
        container = started_with_fakes(container_factory, WebshopGatewayService, config, orders=FakeOrders())
        with ServiceRpcProxy(WebshopGatewayService.name, config) as rpc:
            encoded = base64.b64encode(body).decode()
            assert rpc.receive_webhook(token, headers, encoded)["external_id"] == str(order["id"])
            forged = {**headers, "X-Shopify-Hmac-Sha256": shop.signature(body, "not-the-client-secret")}
            for arguments, error in ((("not-a-token", headers, encoded), "WebshopNotFound"),
                                     ((token, forged, encoded), "WebhookRefused")):
                with pytest.raises(RemoteError) as refused:
                    rpc.receive_webhook(*arguments)
                assert refused.value.exc_type == error
        container.stop()
