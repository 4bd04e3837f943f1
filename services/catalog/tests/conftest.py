import pytest
from nameko.exceptions import RemoteError
from nameko.testing.services import replace_dependencies

from catalog.customers import remember_customer
from catalog.service import CatalogService
from servicekit.unit_of_work import refuse_remote_call

# Far above the ids accounts' own tests announce on the shared test broker, so that a stray
# `customer_created` from them never lands on a customer these tests use.
ACME = 1001
GLOBEX = 1002


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, container, rpc."""
    return CatalogService


@pytest.fixture
def known_customers(db):
    """Acme and Globex, as if accounts had announced them."""
    with db.unit_of_work() as uow:
        remember_customer(uow.session, ACME, "Acme BV")
        remember_customer(uow.session, GLOBEX, "Globex NV")
        uow.commit()
    return ACME, GLOBEX


@pytest.fixture
def warehouse(rpc) -> dict:
    return rpc.create_warehouse("Tilburg")


@pytest.fixture
def mug(rpc, known_customers) -> dict:
    """A product of Acme's, without stock."""
    acme, _ = known_customers
    return rpc.create_product(acme, {"productcode": "MUG-BLUE", "name": "Blue mug"})


class FakeAccounts:
    """accounts' get_customer as its contract promises it, for the customers in `customers`."""

    def __init__(self):
        self.customers: dict[int, dict] = {}

    def get_customer(self, customer_id):
        refuse_remote_call("RPC accounts.get_customer")
        if customer_id not in self.customers:
            raise RemoteError("CustomerNotFound", f"customer {customer_id} not found")
        return self.customers[customer_id]


@pytest.fixture
def accounts() -> FakeAccounts:
    return FakeAccounts()


@pytest.fixture
def container(container_factory, config, accounts):
    """The real catalog container; its neighbour accounts is replaced by a fake."""
    catalog = container_factory(CatalogService, config)
    replace_dependencies(catalog, accounts=accounts)
    catalog.start()
    return catalog
