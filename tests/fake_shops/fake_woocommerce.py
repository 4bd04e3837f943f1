"""A WooCommerce shop as its REST API v3 answers (`/wp-json/wc/v3/...`), on a local port.

What it speaks, as WooCommerce does: HTTP Basic with the consumer key and secret (or them in the
query string), orders paged by `page`/`per_page` with `X-WP-Total` and `X-WP-TotalPages`,
`modified_after` with `dates_are_gmt`, errors as `{"code", "message", "data": {"status"}}`.
Webhooks it sends are signed as WooCommerce signs them (`X-WC-Webhook-Signature`: base64 of the
HMAC-SHA256 of the raw body with the webhook's secret).
What it can be told to do wrong, one request at a time (`faults`): answer 500, an HTML page, a
truncated body, 429 with `Retry-After`, or answer too late; and have its keys revoked.
Orders are changed as WooCommerce does (`PUT /orders/<id>`: status, meta data) and take notes
(`POST /orders/<id>/notes`, kept in `notes`).
For the connection test it also answers `system_status` (its `version`), lists its `webhooks`
(as `GET webhooks` shows them), refuses writes to a key with `permissions = "read"` as WooCommerce
does (401, "does not have write permissions") and takes empty batch writes (`POST products/batch`).
"""
import json
import time
from datetime import datetime, timedelta, timezone

import requests
from werkzeug.wrappers import Request, Response

from local_shop_server import LocalShopServer, hmac_signature

API = "/wp-json/wc/v3"
HTML_PAGE = "<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Briefly unavailable</body></html>"


def gmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _json(body, headers: dict | None = None) -> Response:
    return Response(json.dumps(body), 200, headers or {}, content_type="application/json; charset=UTF-8")


def woo_error(status: int, code: str, message: str) -> Response:
    return Response(json.dumps({"code": code, "message": message, "data": {"status": status}}), status,
                    content_type="application/json; charset=UTF-8")


class FakeWooCommerce(LocalShopServer):
    """`faults`: "500", "html", "truncated", ("429", seconds), ("slow", seconds)."""

    def __init__(self, consumer_key: str = "ck_fake_0123456789", consumer_secret: str = "cs_fake_9876543210",
                 tls: bool = False):
        super().__init__(first_id=700, tls=tls)
        self.consumer_key, self.consumer_secret = consumer_key, consumer_secret
        self.notes: dict[int, list[dict]] = {}
        self.permissions = "read_write"  # the key's access: read, write or read_write
        self.version = "9.4.0"  # WooCommerce's own, as system_status says it
        self.webhooks: list[dict] = []
        self.products: dict[int, dict] = {}

    # What a test arranges

    def add_order(self, lines: list[tuple[str, int]], status: str = "processing", **shipping) -> dict:
        """An order as the shop's checkout makes it: `lines` as (sku, quantity)."""
        with self._lock:
            self._next_id += 1
            order_id = self._next_id
            now = datetime.now(timezone.utc).replace(microsecond=0)
            address = {"first_name": "Jan", "last_name": "Jansen", "company": "", "address_1": "Dorpsstraat 1",
                       "address_2": "", "city": "Utrecht", "state": "", "postcode": "3512 AB", "country": "NL",
                       **shipping}
            order = {
                "id": order_id, "parent_id": 0, "number": str(order_id), "order_key": f"wc_order_{order_id}",
                "created_via": "checkout", "version": "9.4.0", "status": status, "currency": "EUR",
                "date_created": gmt(now), "date_created_gmt": gmt(now), "date_modified": gmt(now),
                "date_modified_gmt": gmt(now), "total": "0.00", "customer_id": 0, "customer_note": "",
                "billing": {**address, "email": "jan@example.test", "phone": ""}, "shipping": address,
                "payment_method": "ideal", "meta_data": [],
                "line_items": [{"id": order_id * 10 + number, "name": f"Product {sku}", "product_id": 90 + number,
                                "variation_id": 0, "quantity": quantity, "sku": sku, "price": 10}
                               for number, (sku, quantity) in enumerate(lines)],
            }
            self.orders[order_id] = order
            return order

    def update_order(self, order_id: int, **fields) -> dict:
        with self._lock:
            order = self.orders[order_id]
            modified = datetime.fromisoformat(order["date_modified_gmt"]) + timedelta(seconds=1)
            order.update(fields, date_modified=gmt(modified), date_modified_gmt=gmt(modified))
            return order

    def send_webhook(self, address: str, order: dict, secret: str, topic: str = "order.created",
                     body: bytes | None = None):
        """POST the order to `address` as WooCommerce delivers a webhook (`body`: something else, signed)."""
        body = json.dumps(order).encode() if body is None else body
        signature = hmac_signature(secret, body)
        resource, _, event = topic.partition(".")
        return requests.post(address, data=body, timeout=10, headers={
            "Content-Type": "application/json", "User-Agent": "WooCommerce/9.4.0 Hookshot (WordPress/6.7)",
            "X-WC-Webhook-Source": f"{self.url}/", "X-WC-Webhook-Topic": topic, "X-WC-Webhook-Resource": resource,
            "X-WC-Webhook-Event": event, "X-WC-Webhook-Signature": signature, "X-WC-Webhook-ID": "14",
            "X-WC-Webhook-Delivery-ID": str(order.get("id", 0) * 7)})

    def add_webhook(self, delivery_url: str, topic: str = "order.created", status: str = "active") -> dict:
        """A webhook as the shop's admin makes it (WooCommerce → Settings → Advanced → Webhooks)."""
        resource, _, event = topic.partition(".")
        webhook = {"id": 14 + len(self.webhooks), "name": f"Fulfilment {topic}", "status": status, "topic": topic,
                   "resource": resource, "event": event, "hooks": [f"woocommerce_{resource}_{event}"],
                   "delivery_url": delivery_url, "date_created_gmt": gmt(datetime.now(timezone.utc))}
        self.webhooks.append(webhook)
        return webhook

    def add_product(self, sku: str, stock_quantity: int | None = 0, manage_stock: bool = True) -> dict:
        with self._lock:
            product_id = 300 + len(self.products) + 1
            product = {"id": product_id, "name": f"Product {sku}", "slug": sku.lower(), "type": "simple",
                       "status": "publish", "sku": sku, "price": "10.00", "manage_stock": manage_stock,
                       "stock_quantity": stock_quantity if manage_stock else None,
                       "stock_status": "instock" if (stock_quantity or 0) > 0 else "outofstock"}
            self.products[product_id] = product
            return product

    def revoke_keys(self) -> None:
        self.consumer_secret = "cs_revoked"

    # The HTTP side

    def _answer(self, request: Request) -> Response:
        kind, value = self._next_fault()
        if kind == "slow":
            time.sleep(value)
        if kind == "500":
            return woo_error(500, "internal_server_error", "There has been a critical error on this website.")
        if kind == "html":
            return Response(HTML_PAGE, 200, content_type="text/html; charset=UTF-8")
        if kind == "429":
            return Response(json.dumps({"code": "too_many_requests", "message": "Too many requests.",
                                        "data": {"status": 429}}), 429,
                            {"Retry-After": str(value)}, content_type="application/json")
        if not self._authorised(request):
            return woo_error(401, "woocommerce_rest_authentication_error", "Consumer secret is invalid.")
        if request.method != "GET" and self.permissions == "read":
            return woo_error(401, "woocommerce_rest_authentication_error",
                             "The API key provided does not have write permissions.")
        if request.method == "GET" and self.permissions == "write":
            return woo_error(401, "woocommerce_rest_authentication_error",
                             "The API key provided does not have read permissions.")
        if request.method == "GET" and request.path == f"{API}/system_status":
            return _json({"environment": {"home_url": self.url, "site_url": self.url, "version": self.version,
                                          "wp_version": "6.7.1", "php_version": "8.2.26"},
                          "settings": {"api_enabled": True, "currency": "EUR"}, "active_plugins": []})
        if request.method == "GET" and request.path == f"{API}/webhooks":
            return _json(self.webhooks, {"X-WP-Total": str(len(self.webhooks)), "X-WP-TotalPages": "1"})
        if request.method == "GET" and request.path == f"{API}/products":
            return self._products_page(request)
        if request.method in ("PUT", "POST") and request.path.startswith(f"{API}/products/") and \
                request.path.rsplit("/", 1)[1].isdigit():
            return self._update_product(int(request.path.rsplit("/", 1)[1]), request)
        if request.method == "POST" and request.path in (f"{API}/orders/batch", f"{API}/products/batch"):
            return _json({})  # nothing asked, nothing done
        if request.method == "GET" and request.path == f"{API}/orders":
            response = self._orders_page(request)
            if kind == "truncated":
                response.set_data(response.get_data()[: len(response.get_data()) // 2])
            return response
        if request.path.startswith(f"{API}/orders/"):
            return self._order_resource(request)
        return woo_error(404, "rest_no_route", "No route was found matching the URL and request method.")

    def _order_resource(self, request: Request) -> Response:
        """`/orders/<id>` (GET, PUT) and `/orders/<id>/notes` (POST)."""
        order_id, _, rest = request.path.removeprefix(f"{API}/orders/").partition("/")
        order = self.orders.get(int(order_id)) if order_id.isdigit() else None
        if order is None or rest not in ("", "notes") or request.method not in ("GET", "PUT", "POST"):
            return woo_error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
        if request.method == "GET":
            return Response(json.dumps(order), 200, content_type="application/json")
        body = request.get_json(silent=True) or {}
        if rest == "notes" and request.method == "POST":
            if not body.get("note"):
                return woo_error(400, "rest_missing_callback_param", "Missing parameter(s): note")
            with self._lock:
                notes = self.notes.setdefault(order["id"], [])
                note = {"id": 900 + len(notes), "author": "system", "date_created_gmt": gmt(datetime.now(timezone.utc)),
                        "note": body["note"], "customer_note": bool(body.get("customer_note"))}
                notes.append(note)
            return Response(json.dumps(note), 201, content_type="application/json")
        if rest == "" and request.method == "PUT":
            with self._lock:
                meta = {row["key"]: row for row in order["meta_data"]}
                for row in body.get("meta_data", []):  # one value per key, as WooCommerce updates meta by key
                    meta[row["key"]] = {**meta.get(row["key"], {"id": 500 + len(meta)}), **row}
            return Response(json.dumps(self.update_order(order["id"], **{key: value for key, value in body.items()
                                                                        if key != "meta_data"},
                                                         meta_data=list(meta.values()))),
                            200, content_type="application/json")
        return woo_error(404, "rest_no_route", "No route was found matching the URL and request method.")

    def _authorised(self, request: Request) -> bool:
        given = (request.authorization.username, request.authorization.password) if request.authorization else (
            request.args.get("consumer_key"), request.args.get("consumer_secret"))
        return given == (self.consumer_key, self.consumer_secret)

    def _products_page(self, request: Request) -> Response:
        page, per_page = int(request.args.get("page", 1)), min(int(request.args.get("per_page", 10)), 100)
        with self._lock:
            rows = sorted(self.products.values(), key=lambda product: product["id"])
        if sku := request.args.get("sku"):
            rows = [product for product in rows if product["sku"] in sku.split(",")]
        pages = max(1, -(-len(rows) // per_page))
        return _json(rows[(page - 1) * per_page: page * per_page], {"X-WP-Total": str(len(rows)),
                                                                    "X-WP-TotalPages": str(pages)})

    def _update_product(self, product_id: int, request: Request) -> Response:
        product = self.products.get(product_id)
        if product is None:
            return woo_error(404, "woocommerce_rest_product_invalid_id", "Invalid ID.")
        try:
            changes = json.loads(request.get_data() or b"{}")
        except ValueError:
            return woo_error(400, "rest_invalid_json", "Invalid JSON body passed.")
        with self._lock:
            for field in ("stock_quantity", "manage_stock"):
                if field in changes:
                    product[field] = changes[field]
            if product["manage_stock"]:
                product["stock_status"] = "instock" if (product["stock_quantity"] or 0) > 0 else "outofstock"
        return _json(product)

    def _orders_page(self, request: Request) -> Response:
        page, per_page = int(request.args.get("page", 1)), min(int(request.args.get("per_page", 10)), 100)
        with self._lock:
            rows = sorted(self.orders.values(), key=lambda order: (order["date_created_gmt"], order["id"]),
                          reverse=request.args.get("order", "desc") == "desc")
        if after := request.args.get("modified_after"):
            rows = [order for order in rows if order["date_modified_gmt"] > after[:19]]
        if status := request.args.get("status"):
            rows = [order for order in rows if status in ("any", order["status"])]
        pages = max(1, -(-len(rows) // per_page))
        body = rows[(page - 1) * per_page: page * per_page]
        return Response(json.dumps(body), 200, {"X-WP-Total": str(len(rows)), "X-WP-TotalPages": str(pages)},
                        content_type="application/json; charset=UTF-8")
