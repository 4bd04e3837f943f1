from gateway_fakes import USER_7, csrf_token

PRODUCT = {"idproduct": 5, "idfulfilment_customer": 7, "productcode": "TS-RED-M", "name": "T-shirt red M",
           "barcode": "8712345678901", "price": "1234.50", "costprice": "400.00", "weight": 180, "minimum_stock": 0, "active": True,
           "created_at": "2026-11-23T10:00:00+00:00", "updated_at": "2026-11-23T10:00:00+00:00",
           "stock": [{"idwarehouse": 1, "stock": 10, "reserved": 2, "freestock": 8}], "freestock": 8}


def test_portal_pages_need_a_login(client):
    response = client.get("/fulfilmentportal/products")
    assert response.status_code == 302 and "/fulfilmentportal/login" in response.location


def test_login_form_is_csrf_protected(client):
    response = client.post("/fulfilmentportal/login", data={"username": "anna", "password": "pw"})
    assert response.status_code == 400


def test_wrong_password_shows_a_form_error_not_a_trace(client, rpc):
    rpc.answer("accounts", "authenticate_user", error=("InvalidCredentials", "Unknown username or wrong password."))
    token = csrf_token(client.get("/fulfilmentportal/login").get_data(as_text=True))
    response = client.post("/fulfilmentportal/login", data={"username": "anna", "password": "x", "csrf_token": token})
    assert response.status_code == 400
    assert "Unknown username or wrong password." in response.get_data(as_text=True)


def test_login_page_speaks_dutch_when_the_browser_asks(client):
    html = client.get("/fulfilmentportal/login", headers={"Accept-Language": "nl-NL,nl;q=0.9"}).get_data(as_text=True)
    assert "Gebruikersnaam" in html and "Wachtwoord" in html


def test_dashboard_shows_customer_name_and_product_count(logged_in, rpc):
    rpc.answer("catalog", "count_products", 12)
    html = logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert "Welcome, Acme BV" in html and ">12<" in html and "products" in html
    assert ("catalog", "count_products", (7,)) in rpc.calls


def test_dashboard_is_in_the_users_language(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    rpc.answer("catalog", "count_products", 1)
    html = logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert "Welkom, Acme BV" in html and "1</span>" in html and ">product<" in html


def test_product_list_asks_only_for_the_session_customers_products(logged_in, rpc):
    rpc.answer("catalog", "list_products", [PRODUCT])
    html = logged_in.get("/fulfilmentportal/products?search=shirt&idfulfilment_customer=9").get_data(as_text=True)
    assert "TS-RED-M" in html and "1,234.50" in html
    assert ("catalog", "list_products", (7, 0, "shirt", {"stock": None, "active": None, "sort": None})) in rpc.calls


def test_empty_product_list_says_so(logged_in, rpc):
    rpc.answer("catalog", "list_products", [])
    assert "There are no products yet" in logged_in.get("/fulfilmentportal/products").get_data(as_text=True)


def test_another_customers_product_is_a_404_page(logged_in, rpc):
    rpc.answer("catalog", "get_product", error=("ProductNotFound", "product 5 not found"))
    response = logged_in.get("/fulfilmentportal/products/5")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_product_page_shows_stock_per_warehouse(logged_in, rpc):
    rpc.answer("catalog", "get_product", PRODUCT)
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main warehouse"}])
    html = logged_in.get("/fulfilmentportal/products/5").get_data(as_text=True)
    assert "Main warehouse" in html and "T-shirt red M" in html


def test_expired_session_goes_back_to_login(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", error=("SessionExpired", "Your session has ended."))
    response = logged_in.get("/fulfilmentportal/")
    assert response.status_code == 302 and "/login" in response.location


def test_logout_is_a_csrf_checked_post(logged_in, rpc):
    html = logged_in.get("/fulfilmentportal/login", follow_redirects=False)
    rpc.answer("catalog", "count_products", 0)
    token = csrf_token(logged_in.get("/fulfilmentportal/").get_data(as_text=True))
    assert logged_in.post("/fulfilmentportal/logout", data={"csrf_token": token}).status_code == 302
    rpc.answer("accounts", "get_session_user", USER_7)
    assert logged_in.get("/fulfilmentportal/").status_code == 302  # the session is gone


def test_login_redirect_stays_inside_the_portal(client, rpc):
    rpc.answer("accounts", "authenticate_user", USER_7)
    token = csrf_token(client.get("/fulfilmentportal/login").get_data(as_text=True))
    response = client.post("/fulfilmentportal/login?next=https://evil.example/",
                           data={"username": "anna", "password": "pw", "csrf_token": token})
    assert response.location.endswith("/fulfilmentportal/")


def test_throttled_login_says_how_long_to_wait_in_the_readers_language(client, rpc):
    rpc.answer("accounts", "authenticate_user", error=("TooManyAttempts", "Too many attempts; try again in 12 minutes."))
    page = client.get("/fulfilmentportal/login", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    response = client.post("/fulfilmentportal/login", headers={"Accept-Language": "nl"},
                           data={"username": "anna", "password": "x", "csrf_token": csrf_token(page)})
    assert response.status_code == 400 and "probeer het over 12 minuten opnieuw" in response.get_data(as_text=True)
    assert rpc.calls[-1][2][2] == "127.0.0.1"  # throttled per address too


def test_logout_ends_the_session_in_accounts(logged_in, rpc):
    rpc.answer("catalog", "count_products", 0)
    token = csrf_token(logged_in.get("/fulfilmentportal/").get_data(as_text=True))
    logged_in.post("/fulfilmentportal/logout", data={"csrf_token": token})
    assert ("accounts", "end_sessions", (7, 3, 1)) in rpc.calls


def test_session_cookie_is_httponly_samesite_and_secure_when_configured(rpc):
    from gateway import create_app
    rpc.answer("accounts", "authenticate_user", USER_7)
    client = create_app({"TESTING": True, "SECRET_KEY": "t", "SESSION_COOKIE_SECURE": True}, rpc=rpc).test_client()
    token = csrf_token(client.get("/fulfilmentportal/login").get_data(as_text=True))
    response = client.post("/fulfilmentportal/login", data={"username": "anna", "password": "pw", "csrf_token": token})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_a_portal_search_with_a_nul_character_gets_a_clear_400_page(logged_in):
    response = logged_in.get("/fulfilmentportal/products?search=%00")
    assert response.status_code == 400
    assert "search: must not contain NUL characters." in response.get_data(as_text=True)
