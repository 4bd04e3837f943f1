"""Every API error answers `{"error": true, "error_code": N, "error_message": "..."}`."""
from flask import jsonify
from nameko.exceptions import RemoteError
from werkzeug.exceptions import HTTPException

from gateway.api import blueprint
from gateway.remote_errors import http_error_for
from gateway.rpc import ServiceUnavailable


# Picqer's error codes (https://picqer.com/en/api/response-codes), meaning what they mean there;
# an answer without a code of its own carries Picqer's code for its status, else the status.
NOT_FOUND = 20
INVALID_JSON = 22
RATE_LIMITED = 28
CODE_FOR_STATUS = {404: NOT_FOUND, 429: RATE_LIMITED}


class ApiError(Exception):
    def __init__(self, status: int, message: str, error_code: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code


def error_response(status: int, message: str, error_code: int | None = None, headers=None):
    if error_code is None:
        error_code = CODE_FOR_STATUS.get(status, status)
    return jsonify({"error": True, "error_code": error_code, "error_message": message}), status, headers or {}


def http_error_response(error: HTTPException):
    """Werkzeug's own headers kept (a 405's `Allow`, which RFC 9110 requires), its HTML body not."""
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return error_response(error.code or 500, error.description or error.name, headers=headers)


@blueprint.errorhandler(ApiError)
def handle_api_error(error: ApiError):
    return error_response(error.status, error.message, error.error_code)


@blueprint.errorhandler(RemoteError)
def handle_remote_error(error: RemoteError):
    http = http_error_for(error.exc_type)
    message = error.value if http.status < 500 else "Internal error; it has been logged."
    return error_response(http.status, message, http.error_code)


@blueprint.errorhandler(ServiceUnavailable)
def handle_unavailable(error: ServiceUnavailable):
    return error_response(503, "Service temporarily unavailable; please retry shortly.")


@blueprint.errorhandler(HTTPException)
def handle_http_exception(error: HTTPException):
    return http_error_response(error)

