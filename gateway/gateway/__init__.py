"""The gateway: the client portal at /fulfilmentportal and the REST API at /api/v1.

It owns no data. It authenticates, derives the customer (tenant) from the session or the API
key, never from the request, calls the services over RPC and puts their answers together.
"""
import warnings

# nameko's client imports eventlet, which warns that it is in maintenance mode; the gateway uses
# only nameko's standalone client, with plain threads.
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

from flask import Flask, redirect, url_for  # noqa: E402
from flask_babel import Babel  # noqa: E402
from flask_wtf.csrf import CSRFProtect  # noqa: E402
from werkzeug.middleware.proxy_fix import ProxyFix  # noqa: E402

from gateway.config import Config  # noqa: E402
from gateway.cookie_sessions import CookieSessions  # noqa: E402
from gateway import request_telemetry  # noqa: E402
from gateway.rpc import RpcClient  # noqa: E402

csrf = CSRFProtect()
babel = Babel()


def create_app(config: dict | None = None, rpc: RpcClient | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(Config)
    app.config.update(config or {})
    if not app.config["SECRET_KEY_FROM_ENVIRONMENT"] and "SECRET_KEY" not in (config or {}):
        app.logger.warning("SECRET_KEY is not set: each worker signs sessions with its own key, "
                           "so logins fail across workers and end at every restart")
    app.json.sort_keys = False  # fields in the order the services give them, as Picqer does
    app.session_interface = CookieSessions()
    proxies = app.config["TRUSTED_PROXY_COUNT"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    request_telemetry.register(app)  # outermost: every answer has its id and is counted
    app.extensions["rpc"] = rpc or RpcClient(app.config["AMQP_URI"], app.config["RPC_TIMEOUT"])

    from gateway import api_docs, error_pages, health, input_guards, security_headers, webhooks
    from gateway.api import blueprint as api_blueprint
    from gateway.api import rate_limits
    from gateway.api.verified_keys import VerifiedKeys
    from gateway.portal import blueprint as portal_blueprint
    from gateway.portal import branding as portal_branding
    from gateway.portal import counts, formatting
    from gateway.portal.language import select_locale
    from gateway.portal.time_zone import select_timezone

    app.extensions["verified_api_keys"] = VerifiedKeys(app.config["API_KEY_CACHE_SECONDS"])
    rate_limits.register(app)
    input_guards.register(app)  # before the blueprints: their routes take its id converter
    csrf.init_app(app)
    csrf.exempt(api_blueprint)  # the API authenticates every request with its key, not a cookie
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(api_blueprint)
    app.register_blueprint(api_docs.blueprint)  # public: outside the API's key check
    app.register_blueprint(portal_blueprint)
    webhooks.register(app)
    error_pages.register(app)
    security_headers.register(app)
    formatting.register(app)
    counts.register(app)  # after Flask-Babel's: its ngettext in the templates
    portal_branding.register(app)
    app.add_url_rule("/", "root", lambda: redirect(url_for("portal.dashboard")))
    return app


def rpc_client() -> RpcClient:
    from flask import current_app

    return current_app.extensions["rpc"]
