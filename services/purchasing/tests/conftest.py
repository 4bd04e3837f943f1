import pytest
from purchasing_fakes import ACME, FakeCatalog, announced

from purchasing.service import PurchasingService
from servicekit.testing import started_with_fakes


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, rpc."""
    return PurchasingService


@pytest.fixture
def catalog() -> FakeCatalog:
    return FakeCatalog()


@pytest.fixture
def container(container_factory, config, catalog):
    """The real purchasing container; its neighbour catalog is replaced by a fake."""
    return started_with_fakes(container_factory, PurchasingService, config, catalog=catalog)


@pytest.fixture
def deliver(deliver_event):
    """An accounts event, handled by purchasing: `deliver("customer_created", payload)`."""
    return lambda event_type, payload: deliver_event("accounts", event_type, payload)


@pytest.fixture
def acme_warehouse(deliver) -> int:
    """Acme's warehouse for purchase orders, as accounts announced it."""
    deliver("customer_created", announced(ACME, 1))
    return announced(ACME, 1)["customer"]["idwarehouse_purchaseorders"]
