"""Every API error answers `{"error": true, "error_code": N, "error_message": "..."}`."""
from flask import jsonify
from nameko.exceptions import RemoteError
from werkzeug.exceptions import HTTPException

from gateway.api import blueprint
from gateway.remote_errors import http_error_for
from gateway.rpc import ServiceUnavailable


class ApiError(Exception):
    def __init__(self, status: int, message: str, error_code: int | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.error_code = error_code if error_code is not None else status


def error_response(status: int, message: str, error_code: int | None = None):
    body = {"error": True, "error_code": error_code if error_code is not None else status,
            "error_message": message}
    return jsonify(body), status


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
    return error_response(error.code or 500, error.description or error.name)

