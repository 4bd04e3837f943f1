"""The neighbours webshop_gateway calls, faked by their contracts, and the fake shops (tests/fake_shops)."""
import sys
from pathlib import Path

from nameko.exceptions import RemoteError

from servicekit.testing import FakeCatalogProducts, FakeNeighbour

# The fake shops are shared with the end-to-end tests, in the repository's tests/ folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tests" / "fake_shops"))

from fake_json_shop import FakeJsonShop  # noqa: E402,F401
from fake_shopify import FakeShopify  # noqa: E402,F401
from fake_woocommerce import FakeWooCommerce  # noqa: E402,F401


class FakeOrders(FakeNeighbour):
    """orders' create_order as its contract promises: one order per idempotency key, lines naming
    a product code it does not know refused (InvalidOrder) as orders words it."""

    service = "orders"

    def __init__(self, productcodes=("MUG-1", "TEE-M")):
        super().__init__()
        self.productcodes = set(productcodes)
        self.created: dict[str, dict] = {}

    def create_order(self, customer_id, data, source, created_by, idempotency_key=None, from_webshop_id=None):
        self._called("create_order")
        if idempotency_key in self.created:
            return {"order": self.created[idempotency_key], "created": False}
        unknown = [f"products.{number}: unknown product (productcode '{line['productcode']}')"
                   for number, line in enumerate(data["products"]) if line["productcode"] not in self.productcodes]
        if unknown:
            raise RemoteError("InvalidOrder", "; ".join(unknown))
        order = {"idorder": 1000 + len(self.created), "idfulfilment_customer": customer_id, "source": source,
                 "idwebshop": from_webshop_id, "created_by": created_by, **data}
        self.created[idempotency_key] = order
        return {"order": order, "created": True}


class FakeCatalog(FakeCatalogProducts):
    """catalog's find_products over the free stock a test sets: `catalog.freestock["MUG-1"] = 7`."""

    def __init__(self, customer_id: int = 7):
        super().__init__()
        self.customer_id = customer_id
        self.freestock: dict[str, int] = {}

    @property
    def PRODUCTS(self) -> list[dict]:  # noqa: N802 (the base class's name)
        return [{"idproduct": number, "idfulfilment_customer": self.customer_id, "productcode": code,
                 "freestock": free} for number, (code, free) in enumerate(self.freestock.items(), start=1)]

    def list_products(self, customer_id, offset=0, search=None, filters=None):
        self._called("list_products")
        return [{**product, "name": f"Product {product['productcode']}"} for product in self.PRODUCTS
                if product["idfulfilment_customer"] == customer_id][offset:offset + 100]
