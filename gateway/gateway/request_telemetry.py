"""Around the whole gateway: each request's id and its count and time in the metrics.

The id is the caller's `X-Request-Id` when it is one we can log as it is, else a new one; it is
the current request id while the request is served (every log line, every RPC carries it) and
it is answered in the `X-Request-Id` header, errors included."""
import time

from flask import Flask, request
from telemetry import request_ids

from gateway.request_metrics import REQUEST_SECONDS, REQUESTS, UNMATCHED

_ROUTE_KEY = "gateway.route"
_ENVIRON_HEADER = "HTTP_" + request_ids.HEADER.upper().replace("-", "_")


class RequestTelemetry:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        request_id = request_ids.from_header(environ.get(_ENVIRON_HEADER))
        started = time.perf_counter()
        status = "500"

        def start_with_id(status_line, headers, exc_info=None):
            nonlocal status
            status = status_line[:3]
            headers.append((request_ids.HEADER, request_id))
            return start_response(status_line, headers, exc_info)

        with request_ids.bound(request_id):
            body = self.wsgi_app(environ, start_with_id)
        route = _route_template(environ)
        REQUESTS.labels(environ.get("REQUEST_METHOD", ""), route, status).inc()
        REQUEST_SECONDS.labels(route).observe(time.perf_counter() - started)
        return body


def _route_template(environ) -> str:
    return environ.get(_ROUTE_KEY, UNMATCHED)


def _note_route() -> None:
    """The rule Flask matched (`/api/v1/orders/<id:order_id>`), for the count after the answer."""
    if request.url_rule is not None:
        request.environ[_ROUTE_KEY] = request.url_rule.rule


def register(app: Flask) -> None:
    """Outermost around the app, and its route noted before any other check can answer."""
    app.wsgi_app = RequestTelemetry(app.wsgi_app)
    app.before_request_funcs.setdefault(None, []).insert(0, _note_route)
