"""A Shopify shop as its Admin REST API answers (`/admin/api/<version>/...`), on a local port.

What it speaks, as Shopify does: the `X-Shopify-Access-Token` header, orders as `{"orders": [...]}`
paged by cursor in the `Link` header (`<...?page_info=...>; rel="next"`; with `page_info` only
`limit` may be given), `updated_at_min`, errors as `{"errors": ...}`, 429 with `Retry-After`.
Webhooks it sends are signed as Shopify signs them: `X-Shopify-Hmac-Sha256`, the base64 HMAC-SHA256
of the raw body with the app's client secret.
Fulfilment as Shopify's fulfillment orders: each order has one (`GET /orders/<id>/fulfillment_orders.json`,
each line item's `fulfillable_quantity`; `open`, `in_progress` once partly fulfilled, `closed`);
`POST /fulfillments.json` fulfils the line items named (or all that is left) with one tracking
number in `tracking_info` (kept in `fulfillments`, read back at `GET /orders/<id>/fulfillments.json`
with the fulfilled line items); more than is left, or a closed one, is refused (422). The GraphQL
mutation `fulfillmentTrackingInfoUpdateV2` (`POST graphql.json`) replaces a fulfillment's numbers.
For the connection test it also answers `/admin/oauth/access_scopes.json` (its `scopes`),
`shop.json` with the `X-Shopify-API-Version` it serves (`served_version`: Shopify answers an
unsupported version with its oldest supported one) and `webhooks.json` (its `webhooks`).
Stock as Shopify keeps it: products with variants (`add_product`: a SKU and its
`inventory_item_id`), `locations.json`, and `POST inventory_levels/set.json` setting `available`
(kept in `inventory_levels`: inventory_item_id → available).
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


def _json(body, version: str = VERSION) -> Response:
    return Response(json.dumps(body), 200, {"X-Shopify-API-Version": version}, content_type="application/json")


class FakeShopify(LocalShopServer):
    """`faults`: "500", "html", ("429", seconds)."""

    def __init__(self, access_token: str = "shpat_fake_0123456789", client_secret: str = "shpss_fake_secret"):
        super().__init__(first_id=450789000)
        self.access_token, self.client_secret = access_token, client_secret
        self.scopes = ["read_orders", "write_orders", "read_products", "write_products", "read_inventory",
                       "write_inventory"]
        self.served_version = VERSION
        self.webhooks: list[dict] = []
        self.products: dict[int, dict] = {}
        self.inventory_levels: dict[int, int] = {}
        self.locations = [{"id": 655441491, "name": "Main warehouse", "active": True}]
        self._pages: dict[str, list[int]] = {}
        self.fulfillments: dict[int, list[dict]] = {}  # order id → its fulfillments

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

    def add_webhook(self, address: str, topic: str = "orders/create") -> dict:
        webhook = {"id": 4759306 + len(self.webhooks), "address": address, "topic": topic,
                   "created_at": shopify_time(datetime.now(timezone.utc)), "format": "json", "fields": [],
                   "metafield_namespaces": [], "api_version": VERSION}
        self.webhooks.append(webhook)
        return webhook

    def add_product(self, sku: str, available: int = 0) -> dict:
        with self._lock:
            product_id = 632910392 + len(self.products)
            variant = {"id": 808950810 + len(self.products), "product_id": product_id, "title": "Default Title",
                       "sku": sku, "inventory_item_id": 39072856 + len(self.products),
                       "inventory_management": "shopify", "inventory_quantity": available}
            product = {"id": product_id, "title": f"Product {sku}", "status": "active", "variants": [variant]}
            self.products[product_id] = product
            self.inventory_levels[variant["inventory_item_id"]] = available
            return product

    def available(self, sku: str) -> int | None:
        """The stock the shop shows for the variant with this SKU."""
        return next((self.inventory_levels.get(variant["inventory_item_id"]) for product in self.products.values()
                     for variant in product["variants"] if variant["sku"] == sku), None)

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
        if request.method == "GET" and request.path == "/admin/oauth/access_scopes.json":
            return _json({"access_scopes": [{"handle": scope} for scope in self.scopes]})
        if request.method == "GET" and request.path.startswith("/admin/api/"):
            asked = request.path.split("/")[3]
            served = asked if asked == self.served_version else self.served_version
            if request.path == f"/admin/api/{asked}/shop.json":
                return _json({"shop": {"id": 548380009, "name": "Acme", "myshopify_domain": "acme.myshopify.com",
                                       "iana_timezone": "Europe/Amsterdam"}}, served)
            if request.path == f"/admin/api/{asked}/webhooks.json":
                return _json({"webhooks": self.webhooks}, served)
        if request.method == "GET" and request.path == f"{API}/orders.json":
            return self._orders_page(request)
        if request.method == "GET" and request.path.endswith(("/fulfillment_orders.json", "/fulfillments.json")) \
                and request.path.startswith(f"{API}/orders/"):
            return self._order_fulfilment(request)
        if request.method == "GET" and request.path == f"{API}/products.json":
            with self._lock:
                for product in self.products.values():
                    for variant in product["variants"]:
                        variant["inventory_quantity"] = self.inventory_levels.get(variant["inventory_item_id"], 0)
                return _json({"products": sorted(self.products.values(), key=lambda product: product["id"])})
        if request.method == "GET" and request.path == f"{API}/locations.json":
            return _json({"locations": self.locations})
        if request.method == "POST" and request.path == f"{API}/inventory_levels/set.json":
            return self._set_inventory_level(request)
        if request.method == "POST" and request.path == f"{API}/fulfillments.json":
            return self._fulfil(request.get_json(silent=True) or {})
        if request.method == "POST" and request.path == f"{API}/graphql.json":
            return self._graphql(request.get_json(silent=True) or {})
        if request.method == "GET" and request.path.startswith(f"{API}/orders/"):
            order_id = request.path.rsplit("/", 1)[1].removesuffix(".json")
            order = self.orders.get(int(order_id)) if order_id.isdigit() else None
            if order is None:
                return Response(json.dumps({"errors": "Not Found"}), 404, content_type="application/json")
            return Response(json.dumps({"order": order}), 200, content_type="application/json")
        return Response(json.dumps({"errors": "Not Found"}), 404, content_type="application/json")

    @staticmethod
    def fulfillment_order_id(order_id: int) -> int:
        return order_id * 3

    def _fulfilled(self, line_item_id: int) -> int:
        return sum(item["quantity"] for made in self.fulfillments.values() for fulfillment in made
                   if fulfillment["status"] == "success" for item in fulfillment["line_items"]
                   if item["id"] == line_item_id)

    def _fulfillment_order(self, order: dict) -> dict:
        """The order's one fulfillment order: what each line has left to fulfil, `open` until some is
        fulfilled, `in_progress` while some is left, `closed` once none is."""
        line_items = [{"id": item["id"] * 7, "shop_id": 548380009,
                       "fulfillment_order_id": self.fulfillment_order_id(order["id"]), "line_item_id": item["id"],
                       "inventory_item_id": 39072856, "variant_id": 808950810, "quantity": item["quantity"],
                       "fulfillable_quantity": item["quantity"] - self._fulfilled(item["id"])}
                      for item in order["line_items"]]
        left = sum(item["fulfillable_quantity"] for item in line_items)
        status = "closed" if order["cancelled_at"] or not left else (
            "in_progress" if left < sum(item["quantity"] for item in line_items) else "open")
        return {"id": self.fulfillment_order_id(order["id"]), "order_id": order["id"], "status": status,
                "request_status": "unsubmitted", "line_items": line_items}

    def _order_fulfilment(self, request: Request) -> Response:
        order_id, _, what = request.path.removeprefix(f"{API}/orders/").partition("/")
        order = self.orders.get(int(order_id)) if order_id.isdigit() else None
        if order is None:
            return Response(json.dumps({"errors": "Not Found"}), 404, content_type="application/json")
        if what == "fulfillments.json":
            return Response(json.dumps({"fulfillments": self.fulfillments.get(order["id"], [])}), 200,
                            content_type="application/json")
        with self._lock:
            return Response(json.dumps({"fulfillment_orders": [self._fulfillment_order(order)]}), 200,
                            content_type="application/json")

    def _fulfil(self, body: dict) -> Response:
        """`line_items_by_fulfillment_order`: each fulfillment order's `fulfillment_order_line_items`
        ({id, quantity}), or all it has left when none are named; more than is left is refused (422)."""
        fulfillment = body.get("fulfillment") if isinstance(body.get("fulfillment"), dict) else {}
        shares = fulfillment.get("line_items_by_fulfillment_order") or []
        with self._lock:
            wanted = {share.get("fulfillment_order_id"): share for share in shares}
            orders = [order for order in self.orders.values() if self.fulfillment_order_id(order["id"]) in wanted]
            if not wanted or len(orders) != len(wanted):
                return Response(json.dumps({"errors": ["Fulfillment order does not exist."]}), 404,
                                content_type="application/json")
            order = orders[0]
            fulfillment_order = self._fulfillment_order(order)
            if fulfillment_order["status"] == "closed":
                return Response(json.dumps({"errors": ["Fulfillment order has an unfulfillable status= closed."]}),
                                422, content_type="application/json")
            left = {item["id"]: item for item in fulfillment_order["line_items"]}
            named = wanted[fulfillment_order["id"]].get("fulfillment_order_line_items")
            taken = named if named else [{"id": item_id, "quantity": item["fulfillable_quantity"]}
                                         for item_id, item in left.items() if item["fulfillable_quantity"]]
            if any(row.get("id") not in left or not 0 < row.get("quantity", 0) <= left[row["id"]]["fulfillable_quantity"]
                   for row in taken):
                return Response(json.dumps({"errors": ["Invalid fulfillment order line item quantity requested."]}),
                                422, content_type="application/json")
            lines = {item["id"]: item for item in order["line_items"]}
            tracking = fulfillment.get("tracking_info") or {}
            made = {"id": 255858000 + sum(map(len, self.fulfillments.values())) + 1, "order_id": order["id"],
                    "status": "success", "tracking_company": tracking.get("company"),
                    "tracking_number": tracking.get("number"), "tracking_numbers": [tracking.get("number")],
                    "tracking_url": tracking.get("url"), "tracking_urls": [tracking.get("url")],
                    "line_items": [{**lines[left[row["id"]]["line_item_id"]], "quantity": row["quantity"]}
                                   for row in taken]}
            self.fulfillments.setdefault(order["id"], []).append(made)
            still_open = self._fulfillment_order(order)["status"] != "closed"
            order["fulfillment_status"] = "partial" if still_open else "fulfilled"
            order["updated_at"] = shopify_time(datetime.now(timezone.utc).replace(microsecond=0))
        return Response(json.dumps({"fulfillment": made}), 201, content_type="application/json")

    def _graphql(self, body: dict) -> Response:
        """The one mutation we are asked: fulfillmentTrackingInfoUpdateV2, whose numbers replace the
        fulfillment's (a fulfillment not found is a userError, as Shopify answers it)."""
        variables = body.get("variables") or {}
        if "fulfillmentTrackingInfoUpdateV2" not in str(body.get("query")):
            return _json({"errors": [{"message": "Field doesn't exist on type 'Mutation'",
                                      "extensions": {"code": "undefinedField"}}]})
        wanted = str(variables.get("fulfillmentId", "")).rsplit("/", 1)[-1]
        tracking = variables.get("trackingInfoInput") or {}
        with self._lock:
            found = next((fulfillment for made in self.fulfillments.values() for fulfillment in made
                          if str(fulfillment["id"]) == wanted), None)
            if found is None:
                return _json({"data": {"fulfillmentTrackingInfoUpdateV2": {
                    "fulfillment": None, "userErrors": [{"field": ["fulfillmentId"], "message": "Fulfillment does not exist."}]}}})
            numbers = tracking.get("numbers") or [tracking.get("number")]
            urls = tracking.get("urls") or [tracking.get("url")]
            found.update(tracking_company=tracking.get("company"), tracking_numbers=numbers, tracking_number=numbers[0],
                         tracking_urls=urls, tracking_url=urls[0])
        return _json({"data": {"fulfillmentTrackingInfoUpdateV2": {"fulfillment": {
            "id": f"gid://shopify/Fulfillment/{found['id']}",
            "trackingInfo": [{"number": number} for number in numbers]}, "userErrors": []}}})

    def _set_inventory_level(self, request: Request) -> Response:
        body = json.loads(request.get_data() or b"{}")
        item, location = body.get("inventory_item_id"), body.get("location_id")
        if item not in self.inventory_levels or location not in [row["id"] for row in self.locations]:
            return Response(json.dumps({"errors": ["Inventory item does not have inventory tracking enabled"]}), 422,
                            content_type="application/json")
        with self._lock:
            self.inventory_levels[item] = int(body["available"])
        return _json({"inventory_level": {"inventory_item_id": item, "location_id": location,
                                          "available": int(body["available"])}})

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
