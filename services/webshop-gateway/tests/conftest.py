import pytest

from webshop_gateway.credentials import KEY_VARIABLE, new_key
from webshop_gateway.service import WebshopGatewayService


@pytest.fixture(scope="session")
def service_under_test():
    """For servicekit.testing's fixtures: db, config, container, rpc."""
    return WebshopGatewayService


@pytest.fixture(autouse=True)
def credentials_key(monkeypatch) -> str:
    """The key shop credentials are encrypted with, as the environment gives it to the service."""
    key = new_key()
    monkeypatch.setenv(KEY_VARIABLE, key)
    return key
