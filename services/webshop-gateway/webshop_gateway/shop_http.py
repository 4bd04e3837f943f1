"""Talking to a shop over HTTP: what it answered, or why nothing usable came back, said so that
the client knows what to do (the message is shown on the portal as it is)."""
import json
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

import requests

from servicekit.config import env

TIMEOUT_SECONDS = float(env("WEBSHOP_HTTP_TIMEOUT", "10"))
MAX_BODY_BYTES = 20 * 1024 * 1024


class SyncFailed(Exception):
    """A poll that brought nothing (more): the shop's fault or its settings, never ours to crash on."""


class ShopUnreachable(SyncFailed):
    pass


class ShopRefusedCredentials(SyncFailed):
    pass


class ShopAnswerUnreadable(SyncFailed):
    pass


class ShopRateLimited(SyncFailed):
    def __init__(self, message: str, retry_after_seconds: float):
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


def retry_after_seconds(value: str | None, default: float = 60) -> float:
    """`Retry-After` as seconds or as an HTTP date."""
    if not value:
        return default
    try:
        return max(0.0, float(value))  # Shopify writes "2.0"
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return default


class ShopHttp:
    """One session per poll: connections to the shop are reused across its pages."""

    def __init__(self):
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "fulfilment-webshop-gateway"

    def get_json(self, url: str, **options) -> tuple[object, dict]:
        return self.request_json("GET", url, **options)

    def request_json(self, method: str, url: str, **options) -> tuple[object, dict]:
        """(the JSON body, the headers); raises a SyncFailed saying what went wrong."""
        try:
            response = self.session.request(method, url, timeout=TIMEOUT_SECONDS, **options)
        except requests.Timeout:
            raise ShopUnreachable(f"The shop did not answer within {TIMEOUT_SECONDS:g} seconds.") from None
        except requests.RequestException as error:
            raise ShopUnreachable(f"The shop cannot be reached at {url.split('?')[0]}: "
                                  f"{type(error).__name__}.") from None
        if response.status_code == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            raise ShopRateLimited(f"The shop asked us to wait {wait:g} seconds (too many requests).", wait)
        if response.status_code in (401, 403):
            raise ShopRefusedCredentials(
                f"The shop refused the credentials ({response.status_code}{shop_says(response)}): they were revoked "
                "or lack permissions. Make new ones in the shop and link it again.")
        if response.status_code == 404:
            raise ShopAnswerUnreadable(f"The shop has no API at this address (404{shop_says(response)}): check the "
                                       "shop address and that its REST API is enabled.")
        if response.status_code >= 400:
            raise ShopUnreachable(f"The shop answered with an error ({response.status_code}{shop_says(response)}).")
        return _json_body(response), response.headers


def shop_says(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    message = body.get("message") or body.get("errors") if isinstance(body, dict) else None
    return f": {str(message)[:200]}" if message else ""


def _json_body(response: requests.Response):
    if len(response.content) > MAX_BODY_BYTES:
        raise ShopAnswerUnreadable("The shop's answer is too large to read.")
    content_type = response.headers.get("Content-Type", "")
    if "html" in content_type or response.text.lstrip()[:1] == "<":
        raise ShopAnswerUnreadable("The shop answered with a web page instead of data: check the shop address "
                                   "(it should be the shop's own address) and that its REST API is enabled.")
    try:
        return json.loads(response.content)
    except ValueError:
        raise ShopAnswerUnreadable("The shop's answer was cut off or is not valid JSON; it is asked again "
                                   "at the next poll.") from None
