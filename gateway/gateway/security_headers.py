"""Headers every answer carries, so that a browser runs only the portal's own scripts, never
shows a portal page inside another site's frame, and keeps no copy of a signed-in page."""
from flask import Flask, Response, g, request

# No inline script or style anywhere: scripts and styles come from /static only.
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HSTS = "max-age=31536000; includeSubDomains"
# Every answer's, unless its view set one itself.
DEFAULT_HEADERS = (("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Frame-Options", "DENY"),
                   ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"))


def _signed_in() -> bool:
    return bool(g.get("user") or g.get("api_key"))


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    # The answer's few header names read once: werkzeug's `setdefault` looks for each name apart
    # and raises and catches an exception for each one missing, four times an answer.
    present = {name.lower() for name in headers.keys()}
    for name, value in DEFAULT_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if _signed_in() and response.mimetype in ("text/html", "application/json"):
        headers["Cache-Control"] = "no-store"
    if request.is_secure:  # behind TLS (directly, or a trusted proxy saying X-Forwarded-Proto)
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
