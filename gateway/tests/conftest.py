"""Gateway tests without a broker: the services are replaced by a fake that answers only the
methods their contracts list, so the gateway cannot drift from the contracts unnoticed."""
import base64
import importlib
import re

import pytest
from nameko.exceptions import RemoteError

from gateway import create_app


def contract_methods(service: str) -> set[str]:
    return set(importlib.import_module(f"{service}.contract").RPC)


class FakeRpc:
    def __init__(self):
        self.answers = {}
        self.calls = []

    def answer(self, service: str, method: str, result=None, error: tuple[str, str] | None = None):
        assert method in contract_methods(service), f"{service}.{method} is not in its contract"
        self.answers[(service, method)] = (result, error)

    def call(self, service: str, method: str, *args, **kwargs):
        assert method in contract_methods(service), f"gateway called {service}.{method}, not in its contract"
        self.calls.append((service, method, args))
        result, error = self.answers.get((service, method), (None, None))
        if error:
            raise RemoteError(*error)
        return result(*args) if callable(result) else result

    def call_each(self, services, method):
        return {service: self.call(service, method) for service in services}

    def __getattr__(self, service):
        return type("Caller", (), {"__getattr__": lambda _, method: lambda *a, **k: self.call(service, method, *a, **k)})()


@pytest.fixture
def rpc():
    return FakeRpc()


@pytest.fixture
def app(rpc):
    return create_app({"TESTING": True, "SECRET_KEY": "test"}, rpc=rpc)


@pytest.fixture
def client(app):
    return app.test_client()


OPERATOR = {"key_id": 1, "scope": "operator", "customer_id": None, "name": "warehouse"}
CUSTOMER_7 = {"key_id": 2, "scope": "customer", "customer_id": 7, "name": "shop"}


def _basic(key: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:".encode()).decode()}


@pytest.fixture
def operator_headers(rpc):
    rpc.answer("accounts", "authenticate_api_key", OPERATOR)
    return _basic("operator-key")


@pytest.fixture
def customer_headers(rpc):
    """A key that acts for customer 7 only."""
    rpc.answer("accounts", "authenticate_api_key", CUSTOMER_7)
    return _basic("customer-key")


USER_7 = {"user_id": 3, "username": "anna", "session_version": 1, "customer_id": 7,
          "customer_name": "Acme BV", "language": "en"}


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


@pytest.fixture
def logged_in(client, rpc):
    """A portal session of user anna of customer 7."""
    rpc.answer("accounts", "authenticate_user", USER_7)
    rpc.answer("accounts", "get_session_user", USER_7)
    token = csrf_token(client.get("/fulfilmentportal/login").get_data(as_text=True))
    response = client.post("/fulfilmentportal/login",
                           data={"username": "anna", "password": "pw", "csrf_token": token})
    assert response.status_code == 302
    return client
