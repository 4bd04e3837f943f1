"""Orders a shop posts to us (webhooks), taken only with a signature that matches: the shop signs
the raw body with the webhook secret (base64 of HMAC-SHA256, in its platform's header). What
arrives is seen like a polled order (the timer asks orders within a second), so an order that
comes by webhook and by polling is imported once. A refused delivery is noted on the shop for
the client: a wrong secret shows there, not only in the shop's delivery log."""
import base64
import binascii
import hashlib
import hmac
import json

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from servicekit.unit_of_work import UnitOfWork
from webshop_gateway import seen_orders
from webshop_gateway.credentials import CredentialsUnreadable, unseal
from webshop_gateway.exceptions import WebhookRefused, WebhookUnreadable, WebshopNotFound
from webshop_gateway.models import Webshop
from webshop_gateway.platforms import SIGNATURE_HEADERS, WEBHOOK_SECRET
from webshop_gateway.polling import READERS
from webshop_gateway.shop_http import ShopAnswerUnreadable

# Topics that carry an order; others (a product changed, a customer signed up) are answered and left.
ORDER_TOPIC_PREFIXES = ("order.", "orders/", "order")


def signature(secret: str, body: bytes) -> str:
    """What every platform here signs with: base64 of the HMAC-SHA256 of the raw body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def signature_matches(secret: str, body: bytes, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(signature(secret, body), given.strip())


def _header(headers: dict, name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def _by_token(session: Session, token: str) -> dict:
    webshop = session.scalar(select(Webshop).where(Webshop.webhook_token == token, Webshop.removed_at.is_(None)))
    if webshop is None:
        raise WebshopNotFound("no webshop has this webhook address")
    return {"id": webshop.id, "customer_id": webshop.customer_id, "platform": webshop.platform,
            "credentials": webshop.credentials}


def _note_problem(uow: UnitOfWork, webshop_id: int, problem: str) -> None:
    webshop = uow.session.get(Webshop, webshop_id)
    webshop.webhook_problem, webshop.webhook_problem_at = problem, func.now()


def _accepted(uow: UnitOfWork, webshop_id: int) -> None:
    webshop = uow.session.get(Webshop, webshop_id)
    webshop.webhook_problem = None


def _refuse(db, webshop: dict, error: Exception) -> None:
    db.change(_note_problem, webshop["id"], str(error))
    raise error


def receive_webhook(db, token: str, headers: dict, body_base64: str) -> dict:
    webshop = db.read(_by_token, token)
    try:
        body = base64.b64decode(body_base64, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookUnreadable("the body must be base64") from None
    try:
        secret = unseal(webshop["credentials"]).get(WEBHOOK_SECRET)
    except CredentialsUnreadable as error:
        _refuse(db, webshop, WebhookRefused(str(error)))
    if not secret:
        _refuse(db, webshop, WebhookRefused("A webhook arrived, but no webhook secret is set for this shop: link it "
                                            "again with the secret its webhooks are signed with."))
    header = SIGNATURE_HEADERS[webshop["platform"]]
    if not signature_matches(secret, body, _header(headers, header)):
        _refuse(db, webshop, WebhookRefused(f"A webhook arrived whose signature ({header}) does not match the "
                                            "webhook secret: check the secret in the shop's webhook settings."))
    topic = (_header(headers, "X-WC-Webhook-Topic") or _header(headers, "X-Shopify-Topic")
             or _header(headers, "X-Webhook-Topic") or "order")
    if body.startswith(b"webhook_id="):  # WooCommerce's ping when a webhook is saved: form data, not an order
        db.change(_accepted, webshop["id"])
        return {"received": "ping"}
    if not topic.startswith(ORDER_TOPIC_PREFIXES):
        return {"received": "ignored"}
    try:
        shop_order = READERS[webshop["platform"]].shop_order_from(json.loads(body))
    except (ValueError, ShopAnswerUnreadable) as error:
        reason = str(error) if isinstance(error, ShopAnswerUnreadable) else "its body is not JSON"
        _refuse(db, webshop, WebhookUnreadable(f"A webhook arrived that cannot be read: {reason}."))
    _record(db, webshop, shop_order)
    return {"received": "order", "external_id": shop_order.external_id}


def _record(db, webshop: dict, shop_order) -> None:
    def record(uow: UnitOfWork) -> None:
        seen_orders.record_sightings(uow, webshop["customer_id"], webshop["id"], [shop_order])
        _accepted(uow, webshop["id"])

    try:
        db.change(record)
    except IntegrityError:  # the poll saw the same new order at the same moment: it is there now
        db.change(record)
