"""A shop of the client's own making that speaks our generic JSON shop's endpoints (README,
"Webshops"; `webshop_gateway/json_shop.py`), on a local port. Its address to link is `shop.url`
(`…/orders`), the bearer token `access_token`.

    GET  /orders?updated_since=…   →  {"orders": [...], "next": null}
    GET  /orders/<id>              →  the order
    POST /orders/<id>/shipments    ←  what shipped (kept in `shipments`; a repeated `Idempotency-Key` is
                                      answered as the first, not kept twice)

`faults`: "500", "503", ("429", seconds), "400" (the shipment refused as invalid).
"""
import json

from werkzeug.wrappers import Request, Response

from local_shop_server import LocalShopServer


def answer(body, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(body), status, headers or {}, content_type="application/json")


class FakeJsonShop(LocalShopServer):
    def __init__(self, access_token: str = "json_fake_token"):
        super().__init__(first_id=3000)
        self.access_token = access_token
        self.base_url = self.url
        self.url = f"{self.base_url}/orders"
        self.shipments: dict[str, dict] = {}  # Idempotency-Key → the shipment as received

    def add_order(self, lines: list[tuple[str, int]], status: str = "to_fulfil") -> dict:
        with self._lock:
            self._next_id += 1
            order = {"id": f"A-{self._next_id}", "reference": str(self._next_id), "status": status,
                     "updated_at": "2026-12-01T07:00:00Z", "remarks": None,
                     "delivery": {"name": "Jan Jansen", "company": "", "address": "Dorpsstraat 1", "address2": "",
                                  "zipcode": "3512 AB", "city": "Utrecht", "country": "NL"},
                     "lines": [{"sku": sku, "quantity": quantity, "name": f"Product {sku}"} for sku, quantity in lines]}
            self.orders[order["id"]] = order
            return order

    def _answer(self, request: Request) -> Response:
        kind, value = self._next_fault()
        if kind in ("500", "503"):
            return answer({"error": "unavailable"}, int(kind))
        if kind == "429":
            return answer({"error": "slow down"}, 429, {"Retry-After": str(value)})
        if request.headers.get("Authorization") != f"Bearer {self.access_token}":
            return answer({"error": "unauthorised"}, 401)
        if request.method == "GET" and request.path == "/orders":
            return answer({"orders": list(self.orders.values()), "next": None})
        order_id, _, rest = request.path.removeprefix("/orders/").partition("/")
        order = self.orders.get(order_id)
        if order is None:
            return answer({"error": "no such order"}, 404)
        if request.method == "GET" and not rest:
            return answer(order)
        if request.method == "POST" and rest == "shipments":
            if kind == "400":
                return answer({"error": "trackingcode: not a code we know"}, 400)
            key = request.headers.get("Idempotency-Key") or str(len(self.shipments))
            with self._lock:
                first = key not in self.shipments
                self.shipments.setdefault(key, request.get_json(silent=True))
            return answer(self.shipments[key], 201 if first else 200)
        return answer({"error": "no such route"}, 404)
