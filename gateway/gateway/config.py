"""The gateway's settings, read once from the environment (local defaults for development)."""
import os
import secrets


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


class Config:
    AMQP_URI = _env("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    RPC_TIMEOUT = float(_env("RPC_TIMEOUT", "10"))
    # How long an API key accounts verified is taken as valid without asking again: a revoked
    # key stops working within this time.
    API_KEY_CACHE_SECONDS = float(_env("API_KEY_CACHE_SECONDS", "3"))
    # Without SECRET_KEY each start draws one, so sessions end on restart: fine locally, and
    # production sets it (deploy/ takes it from a Secret).
    SECRET_KEY = _env("SECRET_KEY", secrets.token_hex(32))
    SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("SECRET_KEY", "").strip())
    SESSION_COOKIE_NAME = "fulfilment_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env("SESSION_COOKIE_SECURE", "false").lower() == "true"
    PERMANENT_SESSION_LIFETIME = 8 * 3600  # idle: the cookie is renewed on every request
    SESSION_ABSOLUTE_LIFETIME = int(_env("SESSION_ABSOLUTE_LIFETIME", str(12 * 3600)))  # from login
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    BABEL_DEFAULT_LOCALE = "en"
    # The portal shows times in the warehouse's time zone (they are stored and sent in UTC).
    BABEL_DEFAULT_TIMEZONE = _env("PORTAL_TIMEZONE", "Europe/Amsterdam")
    LANGUAGES = ("nl", "en")
    # Prices are kept without a currency (as Picqer's); the portal writes them in this one.
    PORTAL_CURRENCY = _env("PORTAL_CURRENCY", "EUR")
    # Proxies in front of the gateway whose X-Forwarded-For/-Proto/-Host are to be believed.
    TRUSTED_PROXY_COUNT = int(_env("TRUSTED_PROXY_COUNT", "0"))
    # Uploads (product imports, images) have their own smaller limits; this refuses anything
    # larger before it is read at all (413).
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    SEND_FILE_MAX_AGE_DEFAULT = 24 * 3600  # static files: cached by browsers for a day
    # API rate limits (gateway/api/rate_limits.py): requests per key and minute, Picqer's 500
    # unless the key has its own (kept with the key in accounts), counted in Redis
    # under RATE_LIMIT_PREFIX. Production sets RATE_LIMITS_REQUIRED: no Redis, no start.
    REDIS_URL = _env("REDIS_URL", "redis://127.0.0.1:6379/0")
    RATE_LIMIT_PER_MINUTE = int(_env("RATE_LIMIT_PER_MINUTE", "500"))
    RATE_LIMIT_PREFIX = _env("RATE_LIMIT_PREFIX", "ratelimit")
    RATE_LIMITS_REQUIRED = _env("RATE_LIMITS_REQUIRED", "false").lower() == "true"
    # The warehouse an order is processed in when neither the request nor the client names one.
    DEFAULT_IDWAREHOUSE = int(_env("DEFAULT_IDWAREHOUSE", "0")) or None
    SERVICES = ("accounts", "catalog", "orders", "purchasing", "webshop_gateway")
    # /readyz: the services without which this gateway serves nothing (accounts: every page and
    # every API key; at least one, whose answer also proves the broker), and how long they may take.
    READINESS_SERVICES = tuple(name.strip() for name in _env("READINESS_SERVICES", "accounts").split(",")
                               if name.strip()) or ("accounts",)
    READINESS_TIMEOUT = float(_env("READINESS_TIMEOUT", "2"))
