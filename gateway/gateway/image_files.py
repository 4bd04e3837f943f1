"""Sending a product image (as the catalog gives it: base64 and a content type) to a browser or
an API client. An image id's bytes never change, so caches may keep them for a year."""
import base64

from flask import Response, request

ONE_YEAR = 365 * 24 * 3600


def image_response(image: dict) -> Response:
    response = Response(base64.b64decode(image["data"]), mimetype=image["content_type"])
    response.headers["Cache-Control"] = f"private, max-age={ONE_YEAR}, immutable"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.add_etag()
    return response.make_conditional(request)
