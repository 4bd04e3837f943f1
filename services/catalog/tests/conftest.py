import pytest
from nameko.standalone.rpc import ServiceRpcProxy

from catalog.customers import remember_customer
from catalog.service import CatalogService
from servicekit.testing import ServiceTestDatabase, container_config

# Far above the ids accounts' own tests announce on the shared test broker, so that a stray
# `customer_created` from them never lands on a customer these tests use.
ACME = 1001
GLOBEX = 1002

_database = ServiceTestDatabase("catalog")


@pytest.fixture
def catalog_url():
    return _database.prepare()


@pytest.fixture
def db(catalog_url):
    """Direct database access for arranging and checking; its commits publish nothing."""
    return _database.access()


@pytest.fixture
def config(catalog_url, amqp_uri):
    return container_config(catalog_url, amqp_uri)


@pytest.fixture
def catalog(container_factory, config):
    """The real catalog service container on the test broker and database."""
    container = container_factory(CatalogService, config)
    container.start()
    return container


@pytest.fixture
def rpc(catalog, config):
    with ServiceRpcProxy("catalog", config) as proxy:
        yield proxy


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
