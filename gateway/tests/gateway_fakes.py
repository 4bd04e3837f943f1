"""Stand-ins for the services, and data, shared by the gateway's tests."""
import base64
import io
import importlib
import re

from nameko.exceptions import RemoteError


def contract_methods(service: str) -> set[str]:
    return set(importlib.import_module(f"{service}.contract").RPC)


class FakeRpc:
    def __init__(self):
        self.answers = {}
        self.calls = []
        # Asked on every portal page of a user who may order (the current order in the menu).
        self.answer("orders", "count_current_order_lines", {"amounts": {}})
        # Asked by the current order page (its address book choice).
        self.answer("accounts", "list_addresses", [])
        # Asked by the current order and order pages (the shipping methods the client may use).
        self.answer("orders", "list_shipping_providers_for_customer", [])
        # Asked by the order page (its shipments).
        self.answer("orders", "list_shipments", [])
        # Asked by the product list (a thumbnail per product).
        self.answer("catalog", "list_first_product_images", {})
        # Asked by the dashboard and the product page (what is on its way, what waits for it).
        self.answer("purchasing", "list_expected_inbound", [])
        self.answer("orders", "list_backorders", [])
        # Asked by the product page (its charts).
        self.answer("catalog", "get_stock_over_time", [])
        # Asked by the dashboard (orders per step and per day, returns per status).
        self.answer("orders", "summarize_orders", {
            "statuses": dict.fromkeys(("concept", "processing", "picking", "completed", "cancelled"), 0),
            "per_day": [], "returns": dict.fromkeys(("announced", "received", "completed", "rejected"), 0)})
        # Asked by the Users page (whether product management applies to the client).
        self.answer("accounts", "get_customer", {"idfulfilment_customer": 7, "can_manage_products": True})

    def answer(self, service: str, method: str, result=None, error: tuple[str, str] | None = None):
        assert method in contract_methods(service), f"{service}.{method} is not in its contract"
        self.answers[(service, method)] = (result, error)

    def call(self, service: str, method: str, *args, **kwargs):
        assert method in contract_methods(service), f"gateway called {service}.{method}, not in its contract"
        self.calls.append((service, method, args))
        result, error = self.answers.get((service, method), (None, None))
        if error:
            raise RemoteError(*error)
        return result(*args) if callable(result) else result

    def call_each(self, services, method, timeout=None):
        """As the real client: each service's answer, or the error it raised."""
        return self.call_all({service: (service, method) for service in services}, timeout)

    def call_all(self, calls, timeout=None):
        """As the real client: each key's answer, or the error it raised."""
        answers = {}
        for key, (service, method, *args) in calls.items():
            try:
                answers[key] = self.call(service, method, *args)
            except Exception as error:
                answers[key] = error
        return answers

    def __getattr__(self, service):
        return type("Caller", (), {"__getattr__": lambda _, method: lambda *a, **k: self.call(service, method, *a, **k)})()


OPERATOR = {"key_id": 1, "scope": "operator", "customer_id": None, "name": "warehouse", "scopes": None,
            "permissions": None, "warehouse_ids": None}
CUSTOMER_7 = {"key_id": 2, "scope": "customer", "customer_id": 7, "name": "shop", "scopes": None,
              "permissions": ["products", "ordering", "purchasing", "returns", "webshops", "users"],
              "warehouse_ids": None}


def basic_auth(key: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


USER_7 = {"user_id": 3, "username": "anna", "session_version": 1, "customer_id": 7,
          "customer_name": "Acme BV", "language": "en", "email": "anna@acme.test",
          "permissions": ["ordering", "purchasing", "returns", "webshops", "users"],
          "webshop_ids": None, "warehouse_ids": None}


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def xlsx_bytes(rows: list[list]) -> bytes:
    """An Excel file holding these rows, as a client would upload it."""
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
