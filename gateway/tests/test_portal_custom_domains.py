"""A client's own portal address: the portal on that host shows the client's branding before
sign-in, signs in only its users, and a session counts only on the host it was made on."""
import pytest
from gateway_fakes import USER_7, csrf_token

ACME_HOST, GLOBEX_HOST, MAIN_HOST = "portal.acme.example", "portal.globex.example", "localhost"
DOMAINS = {ACME_HOST: 7, GLOBEX_HOST: 8}
COOKIE = "fulfilment_session"
USER_8 = {**USER_7, "user_id": 4, "customer_id": 8, "username": "gert", "customer_name": "Globex BV"}


@pytest.fixture
def domains(rpc):
    rpc.answer("accounts", "find_customer_by_domain", lambda host: DOMAINS.get(host))
    rpc.answer("accounts", "get_portal_branding", lambda customer_id, language: {
        "text": {7: "Acme fulfilment", 8: "Globex fulfilment"}[customer_id], "link": None, "dashboard_text": None,
        "logo_version": "abc123"})
    rpc.answer("accounts", "get_portal_logo", lambda customer_id: {
        "content_type": "image/png", "data": "iVBORw0KGgo=", "version": "abc123"} if customer_id == 7 else None)
    return rpc


def sign_in(client, rpc, host: str, user: dict):
    rpc.answer("accounts", "authenticate_user", user)
    rpc.answer("accounts", "get_session_user", user)
    base = f"http://{host}"
    token = csrf_token(client.get("/fulfilmentportal/login", base_url=base).get_data(as_text=True))
    return client.post("/fulfilmentportal/login", base_url=base,
                       data={"username": user["username"], "password": "pw", "csrf_token": token})


def carry_session(client, from_host: str, to_host: str) -> None:
    """What a stolen or copied cookie does: the same session cookie sent to another host."""
    client.set_cookie(COOKIE, client.get_cookie(COOKIE, domain=from_host).value, domain=to_host)


def test_the_login_page_on_a_clients_address_shows_its_branding_before_sign_in(client, domains):
    html = client.get("/fulfilmentportal/login", base_url=f"http://{ACME_HOST}:8443").get_data(as_text=True)
    assert '<h1 data-testid="login-heading">Acme fulfilment</h1>' in html
    assert 'src="/fulfilmentportal/branding/logo/abc123"' in html
    logo = client.get("/fulfilmentportal/branding/logo/abc123", base_url=f"http://{ACME_HOST}")
    assert logo.status_code == 200 and logo.content_type == "image/png"
    assert ("accounts", "find_customer_by_domain", ("portal.acme.example",)) in domains.calls


def test_the_operators_own_host_shows_no_clients_branding_before_sign_in(client, domains):
    html = client.get("/fulfilmentportal/login", base_url=f"http://{MAIN_HOST}").get_data(as_text=True)
    assert '<h1 data-testid="login-heading">Fulfilment portal</h1>' in html and "branding/logo" not in html
    assert client.get("/fulfilmentportal/branding/logo/abc123", base_url=f"http://{MAIN_HOST}").status_code == 404


def test_only_the_clients_own_users_sign_in_on_its_address(client, domains):
    refused = sign_in(client, domains, ACME_HOST, USER_8)
    assert refused.status_code == 400 and "Unknown username or wrong password." in refused.get_data(as_text=True)
    assert client.get("/fulfilmentportal/", base_url=f"http://{ACME_HOST}").status_code == 302
    assert sign_in(client, domains, ACME_HOST, USER_7).status_code == 302
    assert client.get("/fulfilmentportal/account", base_url=f"http://{ACME_HOST}").status_code == 200


def test_every_client_still_signs_in_on_the_operators_host(client, domains):
    assert sign_in(client, domains, MAIN_HOST, USER_8).status_code == 302
    assert client.get("/fulfilmentportal/account", base_url=f"http://{MAIN_HOST}").status_code == 200


@pytest.mark.parametrize("elsewhere", [GLOBEX_HOST, MAIN_HOST])
def test_a_session_made_on_a_clients_address_is_no_session_on_another_host(client, domains, elsewhere):
    sign_in(client, domains, ACME_HOST, USER_7)
    carry_session(client, ACME_HOST, elsewhere)
    response = client.get("/fulfilmentportal/account", base_url=f"http://{elsewhere}")
    assert response.status_code == 302 and "/fulfilmentportal/login" in response.location
    assert client.get("/fulfilmentportal/account", base_url=f"http://{ACME_HOST}").status_code == 200


def test_a_session_made_on_the_operators_host_is_no_session_on_a_clients_address(client, domains):
    sign_in(client, domains, MAIN_HOST, USER_7)
    carry_session(client, MAIN_HOST, ACME_HOST)
    assert client.get("/fulfilmentportal/account", base_url=f"http://{ACME_HOST}").status_code == 302


def test_an_address_given_to_another_client_ends_the_sessions_made_there(client, domains):
    sign_in(client, domains, ACME_HOST, USER_7)
    DOMAINS_BEFORE = dict(DOMAINS)
    try:
        DOMAINS[ACME_HOST] = 8
        client.application.extensions["portal_hosts"].clear()  # past the few seconds it is remembered
        assert client.get("/fulfilmentportal/account", base_url=f"http://{ACME_HOST}").status_code == 302
    finally:
        DOMAINS.clear()
        DOMAINS.update(DOMAINS_BEFORE)
