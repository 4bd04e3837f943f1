"""`Idempotency-Key` on every POST: a client that retries after a timeout gets the answer to its
first request instead of making a second customer, product, comment, supplier, ...

The first request with a key claims it in Redis (the rate limits' server) for a minute while it
runs; its answer (any status below 500) is kept for a day under the key, with a digest of the
request's body and query. A retry with the same key, body and query gets that answer again (a 201
as 200, as the services' own idempotent creates answer); one with another body or query (another
`?idfulfilment_customer=`, say) is refused (409), as is one
that arrives while the first still runs. A server error frees the key for a retry. Orders,
receipts and stock transfers are idempotent in their services as well, so a retry there is
safe even while Redis is away; without Redis, other creates are not.
"""
import hashlib
import json
import logging

import redis
from flask import Response, current_app, g, request

from gateway.api.errors import ApiError

log = logging.getLogger(__name__)

KEPT_SECONDS = 24 * 3600
CLAIMED_SECONDS = 60
PENDING = "pending"


def _slot() -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if request.method != "POST" or not key or "api_key" not in g:
        return None
    if len(key) > 200:
        raise ApiError(400, "Idempotency-Key: at most 200 characters.")
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{current_app.config['RATE_LIMIT_PREFIX']}:idempotency:{g.api_key['key_id']}:{request.path}:{digest}"


def replay_or_claim():
    """Before the view: the kept answer to this key, or the key claimed for this request."""
    limits = current_app.extensions.get("rate_limits")
    if limits is None or (slot := _slot()) is None:
        return None
    body_digest = hashlib.sha256(request.query_string + b"\0" + request.get_data(cache=True)).hexdigest()
    try:
        if limits.client.set(slot, PENDING, nx=True, ex=CLAIMED_SECONDS):
            g.idempotency_slot, g.idempotency_body = slot, body_digest
            return None
        kept = limits.client.get(slot)
    except redis.RedisError as error:
        log.warning("Idempotency-Key not honoured: Redis: %s", error)
        return None
    if kept is None or kept == PENDING.encode():
        raise ApiError(409, "A request with this Idempotency-Key is still being handled; retry shortly.")
    first = json.loads(kept)
    if first["body"] != body_digest:
        raise ApiError(409, "This Idempotency-Key was used for another request (body or query).")
    status = 200 if first["status"] == 201 else first["status"]
    return Response(first["data"], status=status, mimetype="application/json")


def keep_answer(response: Response) -> Response:
    slot = g.pop("idempotency_slot", None)
    if slot is None:
        return response
    client = current_app.extensions["rate_limits"].client
    try:
        if response.status_code >= 500:
            client.delete(slot)
        else:
            kept = {"status": response.status_code, "body": g.idempotency_body,
                    "data": response.get_data(as_text=True)}
            client.set(slot, json.dumps(kept), ex=KEPT_SECONDS)
    except redis.RedisError as error:
        log.warning("answer not kept for its Idempotency-Key: Redis: %s", error)
    return response
