"""Headers and redirects a browser relies on: only the portal's own scripts run, no page in
another site's frame, no copy of a signed-in page kept, no redirect off the portal's origin."""
import pathlib
import re
import time

TEMPLATES = pathlib.Path(__file__).parents[1] / "gateway" / "templates"


def test_every_answer_forbids_inline_script_framing_and_sniffing(client, logged_in):
    for path in ("/fulfilmentportal/login", "/fulfilmentportal/", "/static/portal.css", "/livez"):
        headers = logged_in.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, path
        assert "frame-ancestors 'none'" in policy and headers["X-Frame-Options"] == "DENY", path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path


def test_no_template_has_inline_script_handlers_or_styles():
    """The policy allows no inline script or style: a template with one would silently break."""
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), template
        assert not re.search(r"\son[a-z]+\s*=", html), template
        assert not re.search(r"\sstyle\s*=|<style", html), template


def test_signed_in_pages_are_not_stored_but_static_files_are_cached(logged_in, rpc, operator_headers):
    assert logged_in.get("/fulfilmentportal/").headers["Cache-Control"] == "no-store"
    assert "no-store" not in logged_in.get("/static/portal.js").headers.get("Cache-Control", "")
    rpc.answer("accounts", "list_customers", [])
    assert logged_in.get("/api/v1/fulfilment/customers", headers=operator_headers).headers["Cache-Control"] == "no-store"


def test_hsts_only_over_tls(client):
    assert "Strict-Transport-Security" not in client.get("/fulfilmentportal/login").headers
    secure = client.get("/fulfilmentportal/login", base_url="https://portal.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_language_goes_back_only_to_a_page_of_the_portals_own_origin(client):
    evil = client.get("/fulfilmentportal/language/nl",
                      headers={"Referer": "https://evil.example/fulfilmentportal/x"})
    assert evil.headers["Location"] == "/fulfilmentportal/login"
    scheme_relative = client.get("/fulfilmentportal/language/nl",
                                 headers={"Referer": "//evil.example/fulfilmentportal/x"})
    assert scheme_relative.headers["Location"] == "/fulfilmentportal/login"
    own = client.get("/fulfilmentportal/language/en",
                     headers={"Referer": "http://localhost/fulfilmentportal/orders?page=2"})
    assert own.headers["Location"] == "/fulfilmentportal/orders?page=2"


def test_a_session_ends_its_absolute_lifetime_after_login_however_busy(rpc, logged_in):
    assert logged_in.get("/fulfilmentportal/").status_code == 200
    with logged_in.session_transaction() as session:
        session["signed_in_at"] = int(time.time()) - 12 * 3600 - 1
    response = logged_in.get("/fulfilmentportal/")
    assert response.status_code == 302 and "/fulfilmentportal/login" in response.headers["Location"]

