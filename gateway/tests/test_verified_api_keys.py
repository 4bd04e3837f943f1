"""The API asks accounts about a key once every few seconds, not on every request; a revoked key
stops working within that time."""
from gateway_fakes import OPERATOR, basic_auth

from gateway.api.verified_keys import VerifiedKeys


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def authentications(rpc) -> int:
    return sum(1 for service, method, _ in rpc.calls if method == "authenticate_api_key")


def test_a_key_is_asked_of_accounts_once_while_it_is_fresh(client, rpc, operator_headers):
    rpc.answer("catalog", "list_warehouses", [])
    for _ in range(5):
        assert client.get("/api/v1/warehouses", headers=operator_headers).status_code == 200
    assert authentications(rpc) == 1


def test_a_revoked_key_stops_working_once_its_verification_is_stale(app, rpc):
    clock = Clock()  # the app's own rate-limit counters: other systems' traffic on key 1 is not counted
    app.extensions["verified_api_keys"] = VerifiedKeys(3, clock=clock)
    client = app.test_client()
    rpc.answer("catalog", "list_warehouses", [])
    rpc.answer("accounts", "authenticate_api_key", OPERATOR)
    assert client.get("/api/v1/warehouses", headers=basic_auth("soon-revoked")).status_code == 200
    rpc.answer("accounts", "authenticate_api_key", error=("InvalidApiKey", "Invalid API key."))
    clock.now += 2.9
    assert client.get("/api/v1/warehouses", headers=basic_auth("soon-revoked")).status_code == 200
    clock.now += 0.2
    refused = client.get("/api/v1/warehouses", headers=basic_auth("soon-revoked"))
    assert refused.status_code == 401 and refused.get_json()["error_message"] == "Invalid API key."


def test_a_refused_key_is_asked_again_every_time(client, rpc):
    """A key made a moment ago must work at once: refusals are not remembered."""
    rpc.answer("accounts", "authenticate_api_key", error=("InvalidApiKey", "Invalid API key."))
    for _ in range(3):
        assert client.get("/api/v1/warehouses", headers=basic_auth("new-key")).status_code == 401
    assert authentications(rpc) == 3


def test_each_key_is_kept_apart_and_only_as_a_digest():
    keys = VerifiedKeys(3)
    assert keys.identity("key-a", lambda key: {"key": key}) == {"key": "key-a"}
    assert keys.identity("key-b", lambda key: {"key": key}) == {"key": "key-b"}
    assert keys.identity("key-a", lambda key: {"key": "asked again"}) == {"key": "key-a"}
    assert all(isinstance(digest, bytes) and len(digest) == 32 for digest in keys._verified)


def test_the_oldest_keys_make_room_when_too_many_are_kept():
    keys = VerifiedKeys(3, max_keys=2)
    for key in ("a", "b", "c"):
        keys.identity(key, lambda key: {"key": key})
    assert keys.identity("a", lambda key: {"key": "asked again"}) == {"key": "asked again"}
