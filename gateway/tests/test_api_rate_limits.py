"""Rate limits per API key, counted in the Redis at REDIS_URL (127.0.0.1:6379 on these machines)."""
import uuid

import pytest
from gateway_fakes import FakeRpc, basic_auth
from test_api import error_body

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


KEY_40 = {"key_id": 40, "scope": "customer", "customer_id": 7, "name": "ERP link", "scopes": None, "rate_limit": None,
          "created_at": "2026-12-01T10:00:00+00:00", "revoked_at": None}


def test_the_operator_lists_its_own_keys_or_a_clients(client, rpc, operator_headers):
    rpc.answer("accounts", "list_operator_api_keys", [{**KEY_40, "key_id": 1, "scope": "operator", "customer_id": None,
                                                       "name": "WMS", "scopes": ["stock"]}])
    rpc.answer("accounts", "list_api_keys", [KEY_40])
    [own] = client.get("/api/v1/fulfilment/apikeys", headers=operator_headers).get_json()
    assert (own["idapikey"], own["scope"], own["idfulfilment_customer"], own["scopes"]) == (1, "operator", None, ["stock"])
    [theirs] = client.get("/api/v1/fulfilment/apikeys?idfulfilment_customer=7", headers=operator_headers).get_json()
    assert theirs == {"idapikey": 40, "idfulfilment_customer": 7, "scope": "customer", "name": "ERP link", "scopes": None,
                      "rate_limit": None, "rate_limit_default": 500, "created_at": "2026-12-01 10:00:00",
                      "revoked_at": None}
    assert ("accounts", "list_api_keys", (7,)) in rpc.calls


def test_the_operator_sets_a_keys_rate_limit_and_takes_it_back(client, rpc, operator_headers):
    rpc.answer("accounts", "set_api_key_rate_limit", {**KEY_40, "rate_limit": 2000})
    answer = client.put("/api/v1/fulfilment/apikeys/40", json={"rate_limit": 2000}, headers=operator_headers)
    assert (answer.status_code, answer.get_json()["rate_limit"]) == (200, 2000)
    client.put("/api/v1/fulfilment/apikeys/40", json={"rate_limit": None}, headers=operator_headers)
    assert [call[2] for call in rpc.calls if call[1] == "set_api_key_rate_limit"] == [(40, 2000), (40, None)]


@pytest.mark.parametrize("body,message", [
    ({}, "rate_limit: Missing data"), ({"rate_limit": 5, "name": "x"}, "name: Unknown field"), ([5], "JSON object"),
])
def test_a_body_that_is_not_one_rate_limit_is_refused_before_accounts_is_asked(client, rpc, operator_headers, body,
                                                                               message):
    error_body(400, message)(client.put("/api/v1/fulfilment/apikeys/40", json=body, headers=operator_headers))
    assert not [call for call in rpc.calls if call[1] == "set_api_key_rate_limit"]


def test_accounts_refusals_are_picqers_errors(client, rpc, operator_headers):
    rpc.answer("accounts", "set_api_key_rate_limit",
               error=("InvalidValue", "rate_limit: a whole number of requests a minute from 1 to 1,000,000"))
    error_body(400, "from 1 to 1,000,000")(
        client.put("/api/v1/fulfilment/apikeys/40", json={"rate_limit": 0}, headers=operator_headers))
    rpc.answer("accounts", "set_api_key_rate_limit", error=("ApiKeyNotFound", "API key 41 not found"))
    error_body(404)(client.put("/api/v1/fulfilment/apikeys/41", json={"rate_limit": 5}, headers=operator_headers))


def test_a_client_key_or_a_key_limited_to_other_scopes_cannot_touch_keys(client, rpc, customer_headers):
    error_body(403)(client.get("/api/v1/fulfilment/apikeys", headers=customer_headers))
    error_body(403)(client.put("/api/v1/fulfilment/apikeys/2", json={"rate_limit": 100000}, headers=customer_headers))
    rpc.answer("accounts", "authenticate_api_key", {**OPERATOR_12, "scopes": ["stock"]})
    error_body(403, "limited to: stock")(
        client.put("/api/v1/fulfilment/apikeys/12", json={"rate_limit": 100000}, headers=basic_auth("stock-key")))
    assert not [call for call in rpc.calls if call[1] == "set_api_key_rate_limit"]


def test_a_minute_s_counter_expires_with_its_minute_and_redis_forgetting_the_script_counts_on():
    prefix = f"ratelimit-test-{uuid.uuid4()}"
    client = limited_client(RATE_LIMIT_PREFIX=prefix)
    redis_client = client.application.extensions["rate_limits"].client
    client.get("/api/v1/warehouses", headers=basic_auth("k"))
    [counter] = redis_client.keys(f"{prefix}:12:*")
    assert 59 <= redis_client.ttl(counter) <= 61
    redis_client.script_flush()  # a Redis restarted since the script was loaded
    answer = client.get("/api/v1/warehouses", headers=basic_auth("k"))
    assert answer.status_code == 200
    assert answer.headers["X-RateLimit-Remaining"] in ("498", "499")  # 499: a new minute began meanwhile
