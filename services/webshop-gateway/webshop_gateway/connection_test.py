"""The connection test: named checks run against a linked shop, each passed, failed or not
applicable, with what the shop answered. The result is kept with its date; the gateway words
each check for the client (in nl and en) from its name, status and `values`.

The shop is asked outside any transaction (read the shop's settings, ask the shop, then store
the result). Writes are tried without changing anything: WooCommerce takes an empty batch and
refuses it to a read-only key; Shopify lists the token's access scopes.
"""
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from servicekit.unit_of_work import UnitOfWork
from webshop_gateway import shopify, woocommerce
from webshop_gateway.connections import linked
from webshop_gateway.credentials import CredentialsUnreadable, unseal
from webshop_gateway.models import ConnectionTest
from webshop_gateway.schemas import connection_test_output
from webshop_gateway.shop_http import TIMEOUT_SECONDS

# In the order they are shown; a check that cannot be made because an earlier one failed is
# not applicable, `values.blocked_by` naming that one.
CHECKS = ("reachable", "tls", "credentials", "permissions", "api_version", "webhooks_registered",
          "webhook_reachable", "clock")
PASSED, FAILED, NOT_APPLICABLE = "passed", "failed", "not_applicable"
MAX_CLOCK_SKEW_SECONDS = 120
OLDEST_WOOCOMMERCE = (3, 5)  # the first with REST API v3
# What we need to do with a shop, and the right each platform names it by.
NEEDED = ("read_orders", "write_orders", "read_products", "write_products")
SHOPIFY_SCOPES = {"read_orders": "read_orders", "write_orders": "write_orders", "read_products": "read_products",
                  "write_products": "write_products", "write_inventory": "write_inventory"}
WEBHOOK_TOPICS = {"woocommerce": {"order.created", "order.updated"},
                  "shopify": {"orders/create", "orders/updated", "orders/paid"}}


@dataclass
class Check:
    name: str
    status: str
    detail: str = ""  # what the shop answered, as it said it
    values: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"name": self.name, "status": self.status, "detail": self.detail, "values": self.values}


# The rules, over what the shop answered

def clock_skew_check(shop_date: str | None, now: datetime) -> Check:
    if not shop_date:
        return Check("clock", NOT_APPLICABLE, "The shop's answer has no Date header.")
    try:
        skew = (parsedate_to_datetime(shop_date) - now).total_seconds()
    except (TypeError, ValueError):
        return Check("clock", NOT_APPLICABLE, f"The shop's Date header is unreadable: {shop_date[:60]}")
    status = PASSED if abs(skew) <= MAX_CLOCK_SKEW_SECONDS else FAILED
    return Check("clock", status, f"Date: {shop_date}", {"seconds": round(skew), "allowed": MAX_CLOCK_SKEW_SECONDS})


def missing_shopify_scopes(scopes: list[str]) -> list[str]:
    """The scopes we need that the token lacks; a write scope includes its read scope, as Shopify grants."""
    held = set(scopes) | {scope.replace("write_", "read_", 1) for scope in scopes if scope.startswith("write_")}
    return [scope for scope in SHOPIFY_SCOPES.values() if scope not in held]


def woocommerce_version_supported(version: str) -> bool:
    numbers = tuple(int(part) for part in version.split(".")[:2] if part.isdigit())
    return len(numbers) == 2 and numbers >= OLDEST_WOOCOMMERCE


def webhook_registered_check(platform: str, webhooks: list[dict], address_field: str, webhook_url: str,
                             has_secret: bool) -> Check:
    topics = sorted({hook.get("topic") for hook in webhooks if isinstance(hook, dict)
                     and hook.get(address_field) == webhook_url and hook.get("status", "active") == "active"
                     and hook.get("topic") in WEBHOOK_TOPICS[platform]})
    values = {"webhook_url": webhook_url, "topics": topics, "needed": sorted(WEBHOOK_TOPICS[platform])}
    if not topics:
        return Check("webhooks_registered", FAILED, f"{len(webhooks)} webhook(s) in the shop, none sending orders "
                                                    "to this address", values)
    if not has_secret:
        return Check("webhooks_registered", FAILED, "No webhook secret is stored, so no delivery can be verified",
                     {**values, "no_secret": True})
    return Check("webhooks_registered", PASSED, ", ".join(topics), values)


def blocked(names: tuple[str, ...], by: str) -> list[Check]:
    return [Check(name, NOT_APPLICABLE, "", {"blocked_by": by}) for name in names]


# Asking the shop

@dataclass
class Answer:
    response: requests.Response | None = None
    error: str = ""  # "tls" | "unreachable"
    message: str = ""

    @property
    def status(self) -> int:
        return self.response.status_code if self.response is not None else 0

    def json(self):
        if self.response is None or "html" in self.response.headers.get("Content-Type", ""):
            return None
        try:
            return self.response.json()
        except ValueError:
            return None

    def shop_says(self) -> str:
        body = self.json()
        message = (body.get("message") or body.get("errors")) if isinstance(body, dict) else None
        return f"{self.status}: {str(message)[:200]}" if message else f"HTTP {self.status}"


def ask(session: requests.Session, method: str, url: str, **options) -> Answer:
    try:
        return Answer(session.request(method, url, timeout=TIMEOUT_SECONDS, **options))
    except requests.exceptions.SSLError as error:
        return Answer(error="tls", message=_reason(error))
    except requests.Timeout:
        return Answer(error="unreachable", message=f"no answer within {TIMEOUT_SECONDS:g} seconds")
    except requests.RequestException as error:
        return Answer(error="unreachable", message=_reason(error))


# What a failed connection's long text says, in a few words (the first that matches).
REASONS = (("CERTIFICATE_VERIFY_FAILED", "CERTIFICATE_VERIFY_FAILED"), ("certificate has expired", "certificate expired"),
           ("hostname mismatch", "certificate of another host name"), ("refused", "Connection refused"),
           ("name or service not known", "unknown host name"), ("nodename nor servname", "unknown host name"),
           ("no route to host", "No route to host"), ("timed out", "timed out"))


def _reason(error: Exception) -> str:
    text = str(error).lower()
    return next((words for known, words in REASONS if known.lower() in text), type(error).__name__)


def first_checks(url: str, answer: Answer) -> tuple[list[Check], bool]:
    """reachable, tls and clock from the first answer; False when nothing more can be asked."""
    https = url.startswith("https://")
    if answer.error == "unreachable":
        return [Check("reachable", FAILED, answer.message), *blocked(("tls",), "reachable")], False
    if answer.error == "tls":
        return [Check("reachable", PASSED, "connected"), Check("tls", FAILED, answer.message)], False
    checks = [Check("reachable", PASSED, f"HTTP {answer.status}"),
              Check("tls", PASSED, "certificate valid") if https else Check("tls", NOT_APPLICABLE, "http", {"http": True})]
    return checks, True


def credentials_check(answer: Answer) -> Check:
    if answer.status in (401, 403) and "permission" not in answer.shop_says():
        return Check("credentials", FAILED, answer.shop_says())
    return Check("credentials", PASSED, "")


class _Tester:
    def __init__(self, webshop: dict, webhook_url: str):
        self.webshop, self.webhook_url = webshop, webhook_url
        self.url = webshop["url"]
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "fulfilment-webshop-gateway"

    def run(self) -> list[Check]:
        try:
            credentials = unseal(self.webshop["credentials"])
        except CredentialsUnreadable as error:
            return [Check("credentials", FAILED, str(error)), *blocked(CHECKS[3:], "credentials")]
        self.has_secret = bool(credentials.get("webhook_secret"))
        platform_checks = {"woocommerce": self.woocommerce, "shopify": self.shopify, "json": self.json_shop}
        checks = platform_checks[self.webshop["platform"]](credentials)
        named = {check.name: check for check in checks}
        return [named.get(name) or Check(name, NOT_APPLICABLE, "", {"blocked_by": _first_failed(checks)})
                for name in CHECKS]

    def _opening(self, answer: Answer) -> tuple[list[Check], bool]:
        checks, going_on = first_checks(self.url, answer)
        if answer.response is not None:
            checks.append(clock_skew_check(answer.response.headers.get("Date"), datetime.now(timezone.utc)))
        return checks, going_on

    def woocommerce(self, credentials: dict) -> list[Check]:
        auth = (credentials["consumer_key"], credentials["consumer_secret"])
        api = f"{self.url}{woocommerce.API}"
        status = ask(self.session, "GET", f"{api}/system_status", auth=auth)
        checks, going_on = self._opening(status)
        if not going_on:
            return checks
        if status.status == 404 or status.json() is None:
            why = "a web page instead of data" if status.json() is None and status.status < 400 else status.shop_says()
            return [*checks, Check("api_version", FAILED, why, {"api": "wc/v3"})]
        checks.append(credentials_check(status))
        if checks[-1].status == FAILED:
            return checks
        cannot = []
        for need, method, path, options in (("read_orders", "GET", "orders", {"params": {"per_page": 1}}),
                                            ("write_orders", "POST", "orders/batch", {"json": {}}),
                                            ("read_products", "GET", "products", {"params": {"per_page": 1}}),
                                            ("write_products", "POST", "products/batch", {"json": {}})):
            if ask(self.session, method, f"{api}/{path}", auth=auth, **options).status >= 400:
                cannot.append(need)
        checks.append(_permissions(cannot))
        version = ((status.json() or {}).get("environment") or {}).get("version") if status.status == 200 else None
        if version:
            supported = woocommerce_version_supported(str(version))
            checks.append(Check("api_version", PASSED if supported else FAILED, f"WooCommerce {version}",
                                {"version": f"WooCommerce {version}"}))
        else:
            checks.append(Check("api_version", NOT_APPLICABLE, status.shop_says(), {"unknown": True}))
        hooks = ask(self.session, "GET", f"{api}/webhooks", auth=auth, params={"per_page": 100})
        checks.append(self._webhooks_registered(hooks, hooks.json() if isinstance(hooks.json(), list) else None,
                                                "delivery_url"))
        checks.append(self._webhook_reachable())
        return checks

    def shopify(self, credentials: dict) -> list[Check]:
        headers = {"X-Shopify-Access-Token": credentials["access_token"], "Accept": "application/json"}
        scopes = ask(self.session, "GET", f"{self.url}/admin/oauth/access_scopes.json", headers=headers)
        checks, going_on = self._opening(scopes)
        if not going_on:
            return checks
        checks.append(credentials_check(scopes))
        if checks[-1].status == FAILED:
            return checks
        body = scopes.json()
        handles = [row.get("handle") for row in body.get("access_scopes", [])
                   if isinstance(row, dict)] if isinstance(body, dict) else []
        checks.append(_permissions(missing_shopify_scopes(handles)))
        api = f"{self.url}/admin/api/{shopify.API_VERSION}"
        shop = ask(self.session, "GET", f"{api}/shop.json", headers=headers)
        served = shop.response.headers.get("X-Shopify-API-Version") if shop.response is not None else None
        if shop.status == 200 and served == shopify.API_VERSION:
            checks.append(Check("api_version", PASSED, f"Admin API {served}", {"version": f"Admin API {served}"}))
        else:
            checks.append(Check("api_version", FAILED, f"asked {shopify.API_VERSION}, served {served or shop.shop_says()}",
                                {"version": f"Admin API {shopify.API_VERSION}", "ours": True}))
        hooks = ask(self.session, "GET", f"{api}/webhooks.json", headers=headers)
        body = hooks.json()
        checks.append(self._webhooks_registered(hooks, body.get("webhooks") if isinstance(body, dict) else None,
                                                "address"))
        checks.append(self._webhook_reachable())
        return checks

    def json_shop(self, credentials: dict) -> list[Check]:
        headers = {"Authorization": f"Bearer {credentials['access_token']}", "Accept": "application/json"}
        since = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        orders = ask(self.session, "GET", self.url, headers=headers, params={"updated_since": since})
        checks, going_on = self._opening(orders)
        if not going_on:
            return checks
        checks.append(credentials_check(orders))
        if checks[-1].status == FAILED:
            return checks
        body = orders.json()
        readable = orders.status == 200 and isinstance(body, dict) and isinstance(body.get("orders"), list)
        checks.append(_permissions([] if orders.status < 400 else ["read_orders"], reads_only=True))
        checks.append(Check("api_version", PASSED if readable else FAILED,
                            "answers with an orders list" if readable else orders.shop_says(),
                            {"version": "JSON shop"}))
        checks.append(Check("webhooks_registered", NOT_APPLICABLE, "", {"json_shop": True}))
        checks.append(self._webhook_reachable())
        return checks

    def _webhooks_registered(self, answer: Answer, webhooks: list | None, address_field: str) -> Check:
        if webhooks is None:
            return Check("webhooks_registered", FAILED, f"the shop's webhooks could not be read ({answer.shop_says()})",
                         {"webhook_url": self.webhook_url, "unreadable": True})
        return webhook_registered_check(self.webshop["platform"], webhooks, address_field, self.webhook_url,
                                        self.has_secret)

    def _webhook_reachable(self) -> Check:
        """Our own address answers (any HTTP answer: a GET there is refused, which is enough)."""
        answer = ask(requests.Session(), "GET", self.webhook_url)
        if answer.error:
            return Check("webhook_reachable", FAILED, answer.message, {"webhook_url": self.webhook_url})
        return Check("webhook_reachable", PASSED, f"HTTP {answer.status}", {"webhook_url": self.webhook_url})


def _permissions(cannot: list[str], reads_only: bool = False) -> Check:
    values = {"missing": cannot, "reads_only": reads_only}
    if cannot:
        return Check("permissions", FAILED, "missing: " + ", ".join(cannot), values)
    return Check("permissions", PASSED, "", values)


def _first_failed(checks: list[Check]) -> str:
    return next((check.name for check in checks if check.status == FAILED), "")


# The service's part

def _record(uow: UnitOfWork, customer_id: int, webshop_id: int, checks: list[dict], tested_by: str) -> dict:
    linked(uow.session, customer_id, webshop_id)
    test = ConnectionTest(customer_id=customer_id, webshop_id=webshop_id, tested_by=tested_by, checks=checks,
                          passed=all(check["status"] != FAILED for check in checks))
    uow.session.add(test)
    uow.session.flush()
    return connection_test_output.dump(test)


def run_connection_test(db, customer_id: int, webshop_id: int, webhook_url: str, tested_by: str) -> dict:
    webshop = db.read(lambda session: shop_settings(linked(session, customer_id, webshop_id)))
    checks = [check.as_dict() for check in _Tester(webshop, webhook_url).run()]
    return db.change(_record, customer_id, webshop_id, checks, tested_by)


def shop_settings(webshop) -> dict:
    """What asking the shop takes, read in a transaction and used after it."""
    return {"platform": webshop.platform, "url": webshop.url, "credentials": webshop.credentials}


def last_connection_test(session: Session, customer_id: int, webshop_id: int) -> dict | None:
    linked(session, customer_id, webshop_id)
    test = session.scalar(select(ConnectionTest).where(ConnectionTest.webshop_id == webshop_id,
                                                       ConnectionTest.customer_id == customer_id)
                          .order_by(ConnectionTest.id.desc()).limit(1))
    return connection_test_output.dump(test) if test is not None else None
