import pytest

from webshop_gateway.service import WebshopGatewayService


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, container, rpc."""
    return WebshopGatewayService
