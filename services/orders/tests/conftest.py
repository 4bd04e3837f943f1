import pytest
from nameko.testing.services import replace_dependencies

from orders.service import OrdersService
from orders_fakes import FakeCatalog


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, rpc."""
    return OrdersService


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog()


@pytest.fixture
def container(container_factory, config, catalog):
    """The real orders container; its neighbour catalog is replaced by a fake."""
    orders = container_factory(OrdersService, config)
    replace_dependencies(orders, catalog=catalog)
    orders.start()
    return orders
