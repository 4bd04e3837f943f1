"""A Shopify shop as its Admin REST API answers (`/admin/api/<version>/...`), on a local port.

What it speaks, as Shopify does: the `X-Shopify-Access-Token` header, orders as `{"orders": [...]}`
paged by cursor in the `Link` header (`<...?page_info=...>; rel="next"`; with `page_info` only
`limit` may be given), `updated_at_min`, errors as `{"errors": ...}`, 429 with `Retry-After`.
Webhooks it sends are signed as Shopify signs them: `X-Shopify-Hmac-Sha256`, the base64 HMAC-SHA256
of the raw body with the app's client secret.
"""
import json
from datetime import datetime, timedelta, timezone

import requests
from werkzeug.wrappers import Request, Response

from local_shop_server import LocalShopServer, hmac_signature

VERSION = "2024-10"
API = f"/admin/api/{VERSION}"


def shopify_time(moment: datetime) -> str:
    return moment.astimezone(timezone(timedelta(hours=1))).isoformat(timespec="seconds")


class FakeShopify(LocalShopServer):
    """`faults`: "500", "html", ("429", seconds)."""

    def __init__(self, access_token: str = "shpat_fake_0123456789", client_secret: str = "shpss_fake_secret"):
        super().__init__(first_id=450789000)
        self.access_token, self.client_secret = access_token, client_secret
        self._pages: dict[str, list[int]] = {}

    def add_order(self, lines: list[tuple[str, int]], financial_status: str = "paid", **address) -> dict:
        with self._lock:
            self._next_id += 1
            number = 1000 + len(self.orders) + 1
            now = shopify_time(datetime.now(timezone.utc).replace(microsecond=0))
            shipping = {"first_name": "Jan", "last_name": "Jansen", "company": None, "address1": "Dorpsstraat 1",
                        "address2": "", "city": "Utrecht", "zip": "3512 AB", "province": None, "country": "Netherlands",
                        "country_code": "NL", "phone": None, **address}
            order = {"id": self._next_id, "admin_graphql_api_id": f"gid://shopify/Order/{self._next_id}",
                     "name": f"#{number}", "order_number": number, "email": "jan@example.test",
                     "created_at": now, "updated_at": now, "cancelled_at": None, "closed_at": None,
                     "financial_status": financial_status, "fulfillment_status": None, "currency": "EUR",
                     "note": None, "shipping_address": shipping, "billing_address": shipping,
                     "line_items": [{"id": self._next_id * 10 + n, "name": f"Product {sku}", "sku": sku,
                                     "quantity": quantity, "requires_shipping": True, "fulfillable_quantity": quantity}
                                    for n, (sku, quantity) in enumerate(lines)]}
            self.orders[order["id"]] = order
            return order

    def signature(self, body: bytes, secret: str | None = None) -> str:
        return hmac_signature(secret or self.client_secret, body)

    def send_webhook(self, address: str, order: dict, topic: str = "orders/create", secret: str | None = None):
        """POST the order to `address` as Shopify delivers a webhook."""
        body = json.dumps(order).encode()
        return requests.post(address, data=body, timeout=10, headers={
            "Content-Type": "application/json", "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": self.signature(body, secret), "X-Shopify-Shop-Domain": "acme.myshopify.com",
            "X-Shopify-API-Version": VERSION, "X-Shopify-Webhook-Id": f"b54557e4-{order['id']}"})

    def _answer(self, request: Request) -> Response:
        kind, value = self._next_fault()
        if kind == "500":
            return Response(json.dumps({"errors": "Internal Server Error"}), 500, content_type="application/json")
        if kind == "html":
            return Response("<html><body>Shop unavailable</body></html>", 200, content_type="text/html")
        if kind == "429":
            return Response(json.dumps({"errors": "Exceeded 2 calls per second for api client. Reduce request rates "
                                                  "to resume uninterrupted service."}), 429,
                            {"Retry-After": f"{value:.1f}"}, content_type="application/json")
        if request.headers.get("X-Shopify-Access-Token") != self.access_token:
            return Response(json.dumps({"errors": "[API] Invalid API key or access token (unrecognized login or "
                                                  "wrong password)"}), 401, content_type="application/json")
        if request.method == "GET" and request.path == f"{API}/orders.json":
            return self._orders_page(request)
        if request.method == "GET" and request.path.startswith(f"{API}/orders/"):
            order_id = request.path.rsplit("/", 1)[1].removesuffix(".json")
            order = self.orders.get(int(order_id)) if order_id.isdigit() else None
            if order is None:
                return Response(json.dumps({"errors": "Not Found"}), 404, content_type="application/json")
            return Response(json.dumps({"order": order}), 200, content_type="application/json")
        return Response(json.dumps({"errors": "Not Found"}), 404, content_type="application/json")

    def _orders_page(self, request: Request) -> Response:
        limit = min(int(request.args.get("limit", 50)), 250)
        if page_info := request.args.get("page_info"):
            if set(request.args) - {"page_info", "limit", "fields"}:
                return Response(json.dumps({"errors": {"page_info": ["page_info cannot be combined with other "
                                                                     "filters"]}}), 400, content_type="application/json")
            remaining = self._pages.pop(page_info, None)
            if remaining is None:
                return Response(json.dumps({"errors": {"page_info": ["Invalid value."]}}), 400,
                                content_type="application/json")
        else:
            with self._lock:
                rows = sorted(self.orders.values(), key=lambda order: order["id"])
            if since := request.args.get("updated_at_min"):
                rows = [order for order in rows
                        if datetime.fromisoformat(order["updated_at"]) >= datetime.fromisoformat(since)]
            remaining = [order["id"] for order in rows]
        page, rest = remaining[:limit], remaining[limit:]
        headers = {}
        if rest:
            token = f"cursor{len(self._pages) + 1}x{rest[0]}"
            self._pages[token] = rest
            headers["Link"] = f'<{self.url}{API}/orders.json?limit={limit}&page_info={token}>; rel="next"'
        return Response(json.dumps({"orders": [self.orders[order_id] for order_id in page]}), 200, headers,
                        content_type="application/json; charset=utf-8")
