"""`/webhooks/webshops/<token>`: where a linked shop posts its orders as they happen. No API key
(a shop cannot hold one): the address's token names the shop, and webshop_gateway takes the
order only when the signature matches the shop's webhook secret. The raw body goes on as it
came, since the signature is over its bytes."""
import base64

from flask import Blueprint, jsonify, request, url_for
from nameko.exceptions import RemoteError

from gateway import rpc_client

blueprint = Blueprint("webhooks", __name__, url_prefix="/webhooks")

# Largest order a shop posts: far more lines than any order has, far less than the API's 16 MB.
MAX_BODY_BYTES = 2 * 1024 * 1024
# Headers the services read (signatures, topics); the rest stays here.
FORWARDED_PREFIXES = ("x-wc-webhook-", "x-shopify-", "x-webhook-")
STATUS = {"WebhookRefused": 401, "WebhookUnreadable": 400, "WebshopNotFound": 404}


@blueprint.post("/webshops/<webhook_token>")
def receive_webhook(webhook_token: str):
    body = request.get_data(cache=False)
    if len(body) > MAX_BODY_BYTES:
        return jsonify(error=True, error_message="The webhook's body is too large."), 413
    headers = {name: value for name, value in request.headers.items() if name.lower().startswith(FORWARDED_PREFIXES)}
    try:
        received = rpc_client().webshop_gateway.receive_webhook(webhook_token[:100], headers,
                                                                base64.b64encode(body).decode())
    except RemoteError as error:
        if error.exc_type not in STATUS:
            raise
        return jsonify(error=True, error_message=error.value), STATUS[error.exc_type]
    return jsonify(received)


def with_webhook_url(webshop: dict) -> dict:
    """The shop as the client sees it: the address to give the shop for its webhooks, not the token alone."""
    shown = {key: value for key, value in webshop.items() if key != "webhook_token"}
    return {**shown, "webhook_url": url_for("webhooks.receive_webhook", webhook_token=webshop["webhook_token"],
                                            _external=True)}


def register(app) -> None:
    from gateway import csrf

    csrf.exempt(blueprint)  # a shop posts without a session; the signature is its proof
    app.register_blueprint(blueprint)
