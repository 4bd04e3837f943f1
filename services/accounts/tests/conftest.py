import pytest

from accounts.service import AccountsService
from servicekit.testing import ServiceTestDatabase, container_config

_database = ServiceTestDatabase("accounts")


@pytest.fixture
def accounts_url():
    return _database.prepare()


@pytest.fixture
def db(accounts_url):
    """Direct database access for arranging and checking; its commits publish nothing."""
    return _database.access()


@pytest.fixture
def config(accounts_url, amqp_uri):
    return container_config(accounts_url, amqp_uri)


@pytest.fixture
def accounts(container_factory, config):
    """The real accounts service container on the test broker and database."""
    container = container_factory(AccountsService, config)
    container.start()
    return container
