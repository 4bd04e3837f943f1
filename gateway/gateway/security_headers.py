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


def _signed_in() -> bool:
    return bool(g.get("user") or g.get("api_key"))


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if _signed_in() and response.mimetype in ("text/html", "application/json"):
        headers["Cache-Control"] = "no-store"
    if request.is_secure:  # behind TLS (directly, or a trusted proxy saying X-Forwarded-Proto)
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
