import pytest
from nameko.testing.services import replace_dependencies

from orders.service import OrdersService

ACME, GLOBEX = 1, 2


class FakeCatalog:
    """catalog.find_products as the contract promises it, over a fixed set of products."""

    PRODUCTS = [
        {"idproduct": 11, "idfulfilment_customer": ACME, "productcode": "MUG-1", "name": "Mug", "price": "4.50"},
        {"idproduct": 12, "idfulfilment_customer": ACME, "productcode": "CUP-1", "name": "Cup", "price": "3.00"},
        {"idproduct": 21, "idfulfilment_customer": GLOBEX, "productcode": "GLOBEX-1", "name": "Widget", "price": "9.99"},
    ]

    def find_products(self, customer_id, product_ids=(), productcodes=()):
        return [p for p in self.PRODUCTS if p["idfulfilment_customer"] == customer_id
                and (p["idproduct"] in product_ids or p["productcode"] in productcodes)]


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, rpc."""
    return OrdersService


@pytest.fixture
def container(container_factory, config):
    """The real orders container; its neighbour catalog is replaced by a fake."""
    orders = container_factory(OrdersService, config)
    replace_dependencies(orders, catalog=FakeCatalog())
    orders.start()
    return orders
