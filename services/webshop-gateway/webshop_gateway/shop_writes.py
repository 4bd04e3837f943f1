"""One attempt's requests to a shop that change it (tracking codes, stock), and what the shop's
answer means for the attempt: go on, delivered, try again later (with how long to wait) or refused
for good with what a person should do."""
import requests

from webshop_gateway.shop_http import TIMEOUT_SECONDS, retry_after_seconds, shop_says
from webshop_gateway.shop_updates import Outcome, Refused, RetryLater


def answer_outcome(status_code: int, retry_after: str | None, said: str = "") -> Outcome | None:
    """What a shop's HTTP answer means for an update: None to go on (2xx), else the outcome."""
    if status_code < 300:
        return None
    if status_code == 429:
        wait = retry_after_seconds(retry_after)
        return RetryLater(f"The shop asked us to wait {wait:g} seconds (too many requests).", wait)
    if status_code >= 500 or status_code == 408:
        return RetryLater(f"The shop answered with an error ({status_code}{said}).")
    if status_code in (401, 403):
        return Refused(f"The shop refused the credentials ({status_code}{said}): they were revoked or may not "
                       "change orders. Give the keys read/write rights (or link the shop again)")
    if status_code == 404:
        return Refused(f"The shop does not know this order ({status_code}{said}): was it deleted in the shop?")
    return Refused(f"The shop refused the update ({status_code}{said}).")


class ShopWrites:
    """One attempt's requests to one shop; `ask` answers (outcome to stop at, or None, and the body)."""

    def __init__(self):
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "fulfilment-webshop-gateway"

    def ask(self, method: str, url: str, **options) -> tuple[Outcome | None, object]:
        try:
            response = self.session.request(method, url, timeout=TIMEOUT_SECONDS, **options)
        except requests.Timeout:
            return RetryLater(f"The shop did not answer within {TIMEOUT_SECONDS:g} seconds."), None
        except requests.RequestException as error:
            return RetryLater(f"The shop cannot be reached at {url.split('?')[0]}: {type(error).__name__}."), None
        outcome = answer_outcome(response.status_code, response.headers.get("Retry-After"), shop_says(response))
        if outcome is not None:
            return outcome, None
        try:
            return None, response.json()
        except ValueError:
            return None, None
