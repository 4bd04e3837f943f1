"""Requests per API key and minute, as Picqer's (500 by default), counted in Redis so that every
gateway replica shares the count.

A key's own limit is kept with the key in accounts (the operator sets it with
`python -m accounts.operator_keys rate-limit`) and arrives with the key's identity, so it is
cached with the key (API_KEY_CACHE_SECONDS); a key without one has RATE_LIMIT_PER_MINUTE.

Each key has a counter per clock minute (`INCR`, expiring with its minute). Every answer says
`X-RateLimit-Limit` and `X-RateLimit-Remaining`; past the limit the answer is 429 with Picqer's
error code 28 and `Retry-After` (seconds until the next minute). A window per clock minute lets a
client spend its minute at its end and the next at its start: at most twice the limit over any
60 seconds, which is what a cheap, shared counter costs.
"""
import logging
import threading
import time

import redis
from flask import Flask, current_app, g

from gateway.api import blueprint
from gateway.api.errors import RATE_LIMITED, ApiError

log = logging.getLogger(__name__)


# One command and one answer per request, where a MULTI/INCR/EXPIRE/EXEC pipeline is four of
# each: the counter is counted, and given its expiry when its minute begins.
_COUNT = """
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return used
"""
COUNTER_SECONDS = 61  # its minute, and a second for a clock that is a little behind


class RateLimits:
    def __init__(self, client: redis.Redis, default: int, prefix: str = "ratelimit"):
        self.client, self.default, self.prefix = client, default, prefix
        self._count = client.register_script(_COUNT)  # by its digest; loaded again if Redis forgot it
        self._threads = threading.local()

    def _thread_client(self) -> redis.Redis:
        """The calling thread's own connection from the pool, kept: taking one from the pool and
        giving it back for every count (a lock, and a poll of the socket for stray data) cost
        about a third of the count (0.05 against 0.03 ms of CPU)."""
        client = getattr(self._threads, "client", None)
        if client is None:
            client = self._threads.client = redis.Redis(connection_pool=self.client.connection_pool,
                                                        single_connection_client=True)
        return client

    def count(self, key_id: int, own_limit: int | None = None, now: float | None = None) -> tuple[int, int, int]:
        """(limit, requests this minute including this one, seconds until the minute ends);
        the limit is the key's own, else the default."""
        now = time.time() if now is None else now
        minute = int(now // 60)
        counter = f"{self.prefix}:{key_id}:{minute}"
        used = self._count(keys=[counter], args=[COUNTER_SECONDS], client=self._thread_client())
        return own_limit or self.default, used, 60 * (minute + 1) - int(now)


def _limits() -> RateLimits | None:
    return current_app.extensions.get("rate_limits")


def count_request():
    """After authentication: a request without a known key is not counted (it gets 401)."""
    limits = _limits()
    if limits is None or "api_key" not in g:
        return
    try:
        limit, used, retry_after = limits.count(g.api_key["key_id"], g.api_key.get("rate_limit"))
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
                                               app.config["RATE_LIMIT_PREFIX"])


blueprint.after_request(add_headers)
