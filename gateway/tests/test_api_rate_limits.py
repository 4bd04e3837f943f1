"""Rate limits per API key, counted in the Redis at REDIS_URL (127.0.0.1:6379 on these machines)."""
import uuid

import pytest
from gateway_fakes import FakeRpc, basic_auth

from gateway import create_app

OPERATOR_12 = {"key_id": 12, "scope": "operator", "customer_id": None, "name": "warehouse", "scopes": None,
               "rate_limit": None}


def limited_client(key: dict = OPERATOR_12, **config):
    rpc = FakeRpc()
    rpc.answer("accounts", "authenticate_api_key", key)
    rpc.answer("catalog", "list_warehouses", [])
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "RATE_LIMIT_PREFIX": f"ratelimit-test-{uuid.uuid4()}",
                      **config}, rpc=rpc)
    return app.test_client()


def test_every_answer_says_the_limit_and_what_remains_and_past_it_429_says_when_to_retry():
    client = limited_client(RATE_LIMIT_PER_MINUTE=3)
    answers = [client.get("/api/v1/warehouses", headers=basic_auth("k")) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a.headers["X-RateLimit-Remaining"] for a in answers] == ["2", "1", "0", "0"]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"3"}
    refused = answers[-1]
    assert refused.get_json()["error_code"] == 28 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "Retry-After" not in answers[0].headers


def test_a_key_with_its_own_limit_in_accounts_has_it_instead_of_the_default():
    client = limited_client({**OPERATOR_12, "rate_limit": 2}, RATE_LIMIT_PER_MINUTE=500)
    answers = [client.get("/api/v1/warehouses", headers=basic_auth("k")) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert {a.headers["X-RateLimit-Limit"] for a in answers} == {"2"}


def test_without_a_key_nothing_is_counted():
    answer = limited_client().get("/api/v1/warehouses")
    assert answer.status_code == 401 and "X-RateLimit-Limit" not in answer.headers


def test_without_redis_the_gateway_serves_unlimited_or_in_production_refuses_to_start():
    unreachable = "redis://127.0.0.1:1/0"
    answer = limited_client(REDIS_URL=unreachable).get("/api/v1/warehouses", headers=basic_auth("k"))
    assert answer.status_code == 200 and "X-RateLimit-Limit" not in answer.headers
    with pytest.raises(RuntimeError, match="RATE_LIMITS_REQUIRED"):
        limited_client(REDIS_URL=unreachable, RATE_LIMITS_REQUIRED=True)


def test_a_key_s_limit_is_taken_with_the_key_so_a_change_counts_once_the_key_is_asked_again():
    rpc = FakeRpc()
    rpc.answer("accounts", "authenticate_api_key", {**OPERATOR_12, "rate_limit": 1})
    rpc.answer("catalog", "list_warehouses", [])
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "RATE_LIMIT_PREFIX": f"ratelimit-test-{uuid.uuid4()}",
                      "API_KEY_CACHE_SECONDS": 0}, rpc=rpc)
    client = app.test_client()
    assert client.get("/api/v1/warehouses", headers=basic_auth("k")).status_code == 200
    assert client.get("/api/v1/warehouses", headers=basic_auth("k")).status_code == 429
    rpc.answer("accounts", "authenticate_api_key", {**OPERATOR_12, "rate_limit": 10})
    answer = client.get("/api/v1/warehouses", headers=basic_auth("k"))
    assert (answer.status_code, answer.headers["X-RateLimit-Limit"], answer.headers["X-RateLimit-Remaining"]) == \
        (200, "10", "7")
