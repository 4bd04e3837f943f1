import pytest

from accounts.service import AccountsService


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, container, rpc."""
    return AccountsService
