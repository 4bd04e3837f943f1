"""A request without a session cookie gets an empty session without Flask making the cookie's
signer; one with the cookie is read, and one with a forged cookie is a new session, as before."""
from flask import session
from gateway_fakes import FakeRpc, basic_auth

from gateway import create_app
from gateway.cookie_sessions import CookieSessions


class CountingSessions(CookieSessions):
    signers_made = 0

    def get_signing_serializer(self, app):
        CountingSessions.signers_made += 1
        return super().get_signing_serializer(app)


def app_with_counted_signers():
    rpc = FakeRpc()
    rpc.answer("accounts", "authenticate_api_key", {"key_id": 1, "scope": "operator", "customer_id": None,
                                                    "name": "warehouse", "scopes": None, "rate_limit": None})
    rpc.answer("catalog", "list_warehouses", [])
    app = create_app({"TESTING": True, "SECRET_KEY": "test"}, rpc=rpc)
    app.session_interface = CountingSessions()

    @app.get("/test-session/<value>")
    def remember(value):
        before = session.get("remembered")
        session["remembered"] = value
        return {"before": before}

    CountingSessions.signers_made = 0
    return app


def test_an_api_request_without_a_cookie_makes_no_signer():
    client = app_with_counted_signers().test_client()
    assert client.get("/api/v1/warehouses", headers=basic_auth("k")).status_code == 200
    assert CountingSessions.signers_made == 0


def test_a_session_cookie_is_still_signed_read_and_a_forged_one_refused():
    client = app_with_counted_signers().test_client()
    assert client.get("/test-session/a").get_json() == {"before": None}
    assert client.get("/test-session/b").get_json() == {"before": "a"}
    client.set_cookie("fulfilment_session", "forged.value.here")
    assert client.get("/test-session/c").get_json() == {"before": None}
