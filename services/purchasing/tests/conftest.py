import pytest

from purchasing.service import PurchasingService


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, container, rpc."""
    return PurchasingService
