"""Requests per API key and minute, as Picqer's (500 by default), counted in Redis so that every
gateway replica shares the count.

Each key has a counter per clock minute (`INCR`, expiring with its minute). Every answer says
`X-RateLimit-Limit` and `X-RateLimit-Remaining`; past the limit the answer is 429 with Picqer's
error code 28 and `Retry-After` (seconds until the next minute). A window per clock minute lets a
client spend its minute at its end and the next at its start: at most twice the limit over any
60 seconds, which is what a cheap, shared counter costs.
"""
import logging
import time

import redis
from flask import Flask, current_app, g

from gateway.api import blueprint
from gateway.api.errors import RATE_LIMITED, ApiError

log = logging.getLogger(__name__)


def parse_limits_per_key(setting: str) -> dict[int, int]:
    """`RATE_LIMITS_PER_KEY`: "12:1000,15:60" gives key 12 a thousand requests a minute, key 15 sixty."""
    limits = {}
    for item in filter(None, (part.strip() for part in setting.split(","))):
        key_id, _, limit = item.partition(":")
        if not (key_id.strip().isascii() and key_id.strip().isdigit() and limit.strip().isascii()
                and limit.strip().isdigit()):
            raise ValueError(f"RATE_LIMITS_PER_KEY: {item!r} is not key-id:requests-per-minute")
        limits[int(key_id)] = int(limit)
    return limits


class RateLimits:
    def __init__(self, client: redis.Redis, default: int, per_key: dict[int, int], prefix: str = "ratelimit"):
        self.client, self.default, self.per_key, self.prefix = client, default, per_key, prefix

    def count(self, key_id: int, now: float | None = None) -> tuple[int, int, int]:
        """(limit, requests this minute including this one, seconds until the minute ends)."""
        now = time.time() if now is None else now
        minute = int(now // 60)
        counter = f"{self.prefix}:{key_id}:{minute}"
        with self.client.pipeline(transaction=True) as pipe:
            used, _ = pipe.incr(counter).expire(counter, 61).execute()
        return self.per_key.get(key_id, self.default), used, 60 * (minute + 1) - int(now)


def _limits() -> RateLimits | None:
    return current_app.extensions.get("rate_limits")


def count_request():
    """After authentication: a request without a known key is not counted (it gets 401)."""
    limits = _limits()
    if limits is None or "api_key" not in g:
        return
    try:
        limit, used, retry_after = limits.count(g.api_key["key_id"])
    except redis.RedisError as error:
        # Serving without a count beats refusing every request while Redis is away.
        log.warning("rate limits not counted: Redis: %s", error)
        return
    g.rate_limit = (limit, max(limit - used, 0))
    if used > limit:
        g.retry_after = retry_after
        raise ApiError(429, f"Rate limit exceeded: {limit} requests a minute; retry after {retry_after} s.",
                       RATE_LIMITED)


def add_headers(response):
    if "rate_limit" in g:
        limit, remaining = g.rate_limit
        response.headers["X-RateLimit-Limit"] = str(limit)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
    if "retry_after" in g:
        response.headers["Retry-After"] = str(g.retry_after)
    return response


def register(app: Flask) -> None:
    """Counts in Redis at `REDIS_URL`. Without one that answers, the gateway says so and serves
    without limits, or refuses to start when `RATE_LIMITS_REQUIRED` (production) says they must hold."""
    client = redis.Redis.from_url(app.config["REDIS_URL"], socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis at REDIS_URL does not answer ({error}): API rate limits cannot be counted"
        if app.config["RATE_LIMITS_REQUIRED"]:
            raise RuntimeError(f"{message}; RATE_LIMITS_REQUIRED is set, so the gateway does not start") from None
        app.logger.warning("%s; serving without them", message)
        return
    app.extensions["rate_limits"] = RateLimits(client, app.config["RATE_LIMIT_PER_MINUTE"],
                                               parse_limits_per_key(app.config["RATE_LIMITS_PER_KEY"]),
                                               app.config["RATE_LIMIT_PREFIX"])


blueprint.after_request(add_headers)
