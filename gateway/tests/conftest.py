"""Gateway tests without a broker: the services are replaced by a fake that answers only the
methods their contracts list, so the gateway cannot drift from the contracts unnoticed."""
import uuid

import pytest
from gateway_fakes import CUSTOMER_7, OPERATOR, USER_7, FakeRpc, basic_auth, csrf_token

from gateway import create_app


@pytest.fixture
def rpc():
    return FakeRpc()


@pytest.fixture
def app(rpc):
    # Counters of their own: no test spends another's rate limit.
    return create_app({"TESTING": True, "SECRET_KEY": "test", "RATE_LIMIT_PREFIX": f"ratelimit-test-{uuid.uuid4()}"},
                      rpc=rpc)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def operator_headers(rpc):
    rpc.answer("accounts", "authenticate_api_key", OPERATOR)
    return basic_auth("operator-key")


@pytest.fixture
def customer_headers(rpc):
    """A key that acts for customer 7 only."""
    rpc.answer("accounts", "authenticate_api_key", CUSTOMER_7)
    return basic_auth("customer-key")


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
