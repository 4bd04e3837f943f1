import uuid

import pytest
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter

from orders.service import OrdersService
from orders_fakes import FakeCatalog
from servicekit.testing import started_with_fakes


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
    return started_with_fakes(container_factory, OrdersService, config, catalog=catalog)


@pytest.fixture
def products_announced(container, config, catalog):
    """The fake catalog's products, announced as catalog announces new products: orders knows
    them without asking."""
    with entrypoint_waiter(container, "handle_products_created", timeout=10):
        event_dispatcher(config)("catalog", "products_created",
                                 {"event_id": str(uuid.uuid4()), "products": catalog.PRODUCTS})
