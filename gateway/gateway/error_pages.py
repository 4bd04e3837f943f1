"""Errors answer in the caller's language: JSON under /api/, a page in the portal."""
import logging

from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from nameko.exceptions import RemoteError
from werkzeug.exceptions import HTTPException

from gateway.api.errors import error_response, http_error_response
from gateway.log_redaction import redact
from gateway.portal.permissions import PERMISSION_LABELS
from gateway.rpc import ServiceUnavailable

log = logging.getLogger(__name__)


def _answer(status: int, message: str, permission: str | None = None):
    if request.path.startswith("/api/"):
        return error_response(status, message)
    # A refusal of the request itself says why; a fault says nothing of its insides.
    return render_template("error.html", status=status, message=message if status == 400 else None,
                           permission=permission, permission_label=PERMISSION_LABELS.get(permission)), status


def _portal_description(error: HTTPException) -> str:
    """Our own refusals say why in the reader's language already; werkzeug's and Flask-WTF's
    stock texts are English and technical ("The CSRF token is missing."), so say it in words a
    client can act on."""
    if isinstance(error, CSRFError):
        return _("The form had expired or did not come from this portal. Go back, reload the page and try again.")
    if error.code == 400 and error.description == type(error).description:
        return _("The form was not filled in as this page sent it. Go back, reload the page and try again.")
    return error.description or error.name


def handle_http_exception(error: HTTPException):
    if request.path.startswith("/api/"):
        return http_error_response(error)
    return _answer(error.code or 500, _portal_description(error), getattr(error, "permission", None))


def handle_unavailable(error: ServiceUnavailable):
    log.warning("service unavailable: %s", error)
    return _answer(503, "Service temporarily unavailable; please retry shortly.")


def handle_unexpected(error: Exception):
    log.exception("unexpected error on %s %s", request.method, redact(request.path))
    return _answer(500, "Internal error; it has been logged.")


def register(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ServiceUnavailable, handle_unavailable)
    app.register_error_handler(RemoteError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
