"""Linked webshops over real HTTP, every answer checked against the OpenAPI file: a client links
a shop with its key, reads it back without its credentials, a key of a user limited to other
shops finds none of it, and unlinking forgets it; a (fake) WooCommerce shop's orders arrive by
polling, each once, and a failed one is retried after its cause is fixed; a Shopify order shipped
in two parcels has both tracking numbers at the shop, once."""
import time
import uuid

from e2e_api import create_customer, create_product, mail_subjects, new_picklist, ship, wait_for_mail
from fake_shopify import FakeShopify
from fake_woocommerce import FakeWooCommerce
from openapi_check import assert_matches_openapi

PASSWORD = "webshop-harbour-47"


def checked(method: str, path: str, response, status: int = 200):
    assert_matches_openapi(method, path, response)
    assert response.status_code == status, response.text
    return response.json()


def key_client(operator, key: str):
    client = type(operator)()
    client.auth = (key, "")
    return client


def test_a_client_links_a_shop_whose_credentials_never_come_back(operator, base_url, rpc):
    tag = uuid.uuid4().hex[:6]
    customer = create_customer(operator, base_url, name=f"Webshop client {tag}", can_login=True,
                               username=f"webshops-{tag}", password=PASSWORD)
    customer_id = customer["idfulfilment_customer"]
    client = key_client(operator, rpc.accounts.create_customer_api_key(customer_id, "shop key")["key"])
    secret = f"cs_{uuid.uuid4().hex}"
    webshop = checked("POST", "/webshops", client.post(f"{base_url}/api/v1/webshops", json={
        "platform": "woocommerce", "name": "Acme shop", "url": "https://shop.acme.example/",
        "consumer_key": f"ck_{tag}", "consumer_secret": secret}), 201)
    assert webshop["url"] == "https://shop.acme.example" and webshop["idfulfilment_customer"] == customer_id
    path, template = f"/webshops/{webshop['idwebshop']}", "/webshops/{idwebshop}"
    for response in (client.get(f"{base_url}/api/v1/webshops"), client.get(f"{base_url}/api/v1{path}"),
                     operator.get(f"{base_url}/api/v1/webshops?idfulfilment_customer={customer_id}")):
        assert response.status_code == 200 and secret not in response.text and f"ck_{tag}" not in response.text

    limited = rpc.accounts.create_user(customer_id, {"username": f"webshops-limited-{tag}", "password": PASSWORD,
                                                     "permissions": ["webshops"], "idwebshops": [0]})
    limited_key = rpc.accounts.create_customer_api_key(customer_id, "limited key", limited["iduser"])["key"]
    assert checked("GET", "/webshops", key_client(operator, limited_key).get(f"{base_url}/api/v1/webshops")) == []
    checked("GET", template, key_client(operator, limited_key).get(f"{base_url}/api/v1{path}"), 404)

    checked("DELETE", template, client.delete(f"{base_url}/api/v1{path}"))
    checked("GET", template, client.get(f"{base_url}/api/v1{path}"), 404)


def seen_orders(client, base_url, webshop_id: int, count: int, timeout: float = 20) -> list[dict]:
    """The shop's orders seen, once `count` are and orders has answered for each (none pending)."""
    path = f"{base_url}/api/v1/webshops/{webshop_id}/seenorders"
    deadline = time.monotonic() + timeout
    while (len(rows := checked("GET", "/webshops/{idwebshop}/seenorders", client.get(path))) < count
           or any(row["outcome"] == "pending" for row in rows)):
        assert time.monotonic() < deadline, f"fewer than {count} orders seen: {rows}"
        time.sleep(0.3)
    return rows


def test_a_shops_orders_arrive_once_each_and_a_failed_one_is_retried(operator, base_url, rpc):
    tag = uuid.uuid4().hex[:6]
    customer = create_customer(operator, base_url, name=f"Polled client {tag}", can_manage_products=True)
    customer_id = customer["idfulfilment_customer"]
    create_product(operator, base_url, customer_id, f"MUG-{tag}")
    client = key_client(operator, rpc.accounts.create_customer_api_key(customer_id, "shop key")["key"])
    with FakeWooCommerce() as shop:
        first = shop.add_order([(f"MUG-{tag}", 1)])
        unknown = shop.add_order([(f"LAMP-{tag}", 3)])
        shop.faults.extend(["html", ("429", 1)])  # the first polls fail; later ones read the shop
        webshop = checked("POST", "/webshops", client.post(f"{base_url}/api/v1/webshops", json={
            "platform": "woocommerce", "name": "Polled shop", "url": shop.url,
            "consumer_key": shop.consumer_key, "consumer_secret": shop.consumer_secret}), 201)
        rows = {row["reference"]: row for row in seen_orders(client, base_url, webshop["idwebshop"], 2)}
        assert rows[unknown["number"]]["outcome"] == "failed"
        assert f'"LAMP-{tag}"' in rows[unknown["number"]]["reason"]
        time.sleep(2)  # more polls: nothing is imported twice
        create_product(operator, base_url, customer_id, f"LAMP-{tag}")
        retried = checked("POST", "/webshops/{idwebshop}/seenorders/{idseen_order}/retry", client.post(
            f"{base_url}/api/v1/webshops/{webshop['idwebshop']}/seenorders/{rows[unknown['number']]['idseen_order']}"
            "/retry"))
        assert retried["outcome"] == "imported"
        polled = checked("GET", "/webshops/{idwebshop}", client.get(f"{base_url}/api/v1/webshops/{webshop['idwebshop']}"))
        assert polled["last_error"] is None and polled["last_success"]
    placed = checked("GET", "/orders", client.get(f"{base_url}/api/v1/orders", params={"source": "webshop"}))
    assert sorted(order["reference"] for order in placed) == sorted([first["number"], unknown["number"]])
    assert {order["idorder"] for order in placed} >= {rows[first["number"]]["idorder"], retried["idorder"]}


def test_a_shopify_order_posted_to_the_webhook_address_becomes_one_order(operator, base_url, rpc):
    tag = uuid.uuid4().hex[:6]
    customer = create_customer(operator, base_url, name=f"Shopify client {tag}", can_manage_products=True)
    customer_id = customer["idfulfilment_customer"]
    create_product(operator, base_url, customer_id, f"TEE-{tag}")
    client = key_client(operator, rpc.accounts.create_customer_api_key(customer_id, "shop key")["key"])
    with FakeShopify() as shop:
        shop.faults.extend(["500"] * 50)  # polling fails for now: the order comes by webhook only
        webshop = checked("POST", "/webshops", client.post(f"{base_url}/api/v1/webshops", json={
            "platform": "shopify", "name": "Tees on Shopify", "url": shop.url, "access_token": shop.access_token,
            "webhook_secret": shop.client_secret}), 201)
        order = shop.add_order([(f"TEE-{tag}", 2)])
        forged = shop.send_webhook(webshop["webhook_url"], order, secret="not-the-client-secret")
        assert forged.status_code == 401
        assert shop.send_webhook(webshop["webhook_url"], order).status_code == 200
        assert shop.send_webhook(webshop["webhook_url"], order, topic="orders/updated").status_code == 200
        (seen,) = seen_orders(client, base_url, webshop["idwebshop"], 1)
        assert seen["outcome"] == "imported"
        shown = checked("GET", "/webshops/{idwebshop}", client.get(f"{base_url}/api/v1/webshops/{webshop['idwebshop']}"))
        assert shown["webhook_problem"] is None and "500" in (shown["last_error"] or "")
    placed = checked("GET", "/orders", client.get(f"{base_url}/api/v1/orders", params={"source": "webshop"}))
    assert [(row["reference"], row["idorder"], row["idwebshop"]) for row in placed] == [
        (order["name"], seen["idorder"], webshop["idwebshop"])]


def test_a_shop_set_up_well_passes_its_connection_test_and_the_last_test_is_kept(operator, base_url, rpc):
    tag = uuid.uuid4().hex[:6]
    customer = create_customer(operator, base_url, name=f"Connection test {tag}", can_login=True,
                               username=f"shoptest-{tag}", password=PASSWORD)
    client = key_client(operator, rpc.accounts.create_customer_api_key(customer["idfulfilment_customer"],
                                                                       "shop key")["key"])
    with FakeWooCommerce() as shop:
        webshop = checked("POST", "/webshops", client.post(f"{base_url}/api/v1/webshops", json={
            "platform": "woocommerce", "name": "Acme shop", "url": shop.url, "consumer_key": shop.consumer_key,
            "consumer_secret": shop.consumer_secret, "webhook_secret": f"whsec_{tag}"}), 201)
        path, template = f"/webshops/{webshop['idwebshop']}/connectiontest", "/webshops/{idwebshop}/connectiontest"
        assert_matches_openapi("GET", template, client.get(f"{base_url}/api/v1{path}"))  # 404: never tested
        shop.add_webhook(webshop["webhook_url"], "order.created")
        tested = checked("POST", template, client.post(f"{base_url}/api/v1{path}"), 201)
        assert {check["name"]: check["status"] for check in tested["checks"]} == {
            "reachable": "passed", "tls": "not_applicable", "credentials": "passed", "permissions": "passed",
            "api_version": "passed", "webhooks_registered": "passed", "webhook_reachable": "passed", "clock": "passed"}
        shop.permissions = "read"
        again = checked("POST", template, client.post(f"{base_url}/api/v1{path}"), 201)
    assert again["passed"] is False and checked("GET", template, client.get(f"{base_url}/api/v1{path}")) == again


def test_a_shop_whose_keys_were_revoked_is_mailed_to_the_client_once(operator, base_url, rpc, mail_dir):
    tag = uuid.uuid4().hex[:6]
    office = f"office-{tag}@example.test"
    customer = create_customer(operator, base_url, name=f"Sync alert {tag}", can_login=True,
                               username=f"syncalert-{tag}", password=PASSWORD, notification_email=office,
                               language="en")
    client = key_client(operator, rpc.accounts.create_customer_api_key(customer["idfulfilment_customer"],
                                                                       "shop key")["key"])
    with FakeWooCommerce() as shop:
        webshop = checked("POST", "/webshops", client.post(f"{base_url}/api/v1/webshops", json={
            "platform": "woocommerce", "name": f"Shop {tag}", "url": shop.url, "consumer_key": shop.consumer_key,
            "consumer_secret": shop.consumer_secret}), 201)
        shop.revoke_keys()
        subject, body = wait_for_mail(mail_dir, office, f"Shop {tag}", timeout=60)
        assert subject == f"Webshop Shop {tag}: orders are not coming in"
        assert "refused the credentials" in body and f"/fulfilmentportal/webshops/{webshop['idwebshop']}" in body
        time.sleep(10)  # the shop keeps failing: polled again, not mailed again
        assert mail_subjects(mail_dir, office).count(subject) == 1
        assert len([path for method, path in shop.requests if "/orders?" in path]) >= 4


def test_free_stock_is_pushed_to_a_shop_that_opted_in_in_full_then_the_latest_value_winning(operator, base_url, rpc):
    tag = uuid.uuid4().hex[:6]
    customer = create_customer(operator, base_url, name=f"Stock push {tag}", can_login=True,
                               username=f"stockpush-{tag}", password=PASSWORD)
    customer_id = customer["idfulfilment_customer"]
    client = key_client(operator, rpc.accounts.create_customer_api_key(customer_id, "shop key")["key"])
    code = f"MUG-{tag}"
    product = create_product(operator, base_url, customer_id, code).json()
    warehouse = rpc.catalog.create_warehouse(f"Stock push {tag}")["idwarehouse"]
    earlier = create_product(operator, base_url, customer_id, f"CAP-{tag}").json()  # in stock before opting in
    assert operator.post(f"{base_url}/api/v1/products/{earlier['idproduct']}/stock/{warehouse}",
                         json={"change": 7, "reason": "stock push test"}).ok
    with FakeWooCommerce() as shop:
        listed = shop.add_product(code, stock_quantity=0)
        cap = shop.add_product(f"CAP-{tag}", stock_quantity=0)
        webshop = checked("POST", "/webshops", client.post(f"{base_url}/api/v1/webshops", json={
            "platform": "woocommerce", "name": "Acme shop", "url": shop.url, "consumer_key": shop.consumer_key,
            "consumer_secret": shop.consumer_secret}), 201)
        opted = checked("PUT", "/webshops/{idwebshop}", client.put(
            f"{base_url}/api/v1/webshops/{webshop['idwebshop']}", json={"push_stock": True}))
        assert opted["push_stock"] is True
        deadline = time.monotonic() + 30
        while shop.products[cap["id"]]["stock_quantity"] != 7:  # switched on: set once, with no change of it
            assert time.monotonic() < deadline, shop.products[cap["id"]]
            time.sleep(0.2)
        stock_url = f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse}"
        for change in (10, -3, -2):
            assert operator.post(stock_url, json={"change": change, "reason": "stock push test"}).ok
        deadline = time.monotonic() + 30
        while shop.products[listed["id"]]["stock_quantity"] != 5:
            assert time.monotonic() < deadline, shop.products[listed["id"]]
            time.sleep(0.2)
        time.sleep(2)  # nothing older arrives after the latest value
        assert shop.products[listed["id"]]["stock_quantity"] == 5
        assert len(shop.received_at("PUT", f"/products/{listed['id']}")) <= 3


def test_a_shopify_order_shipped_in_two_parcels_gets_both_tracking_numbers_once(operator, base_url, rpc):
    tag, api = uuid.uuid4().hex[:6], f"{base_url}/api/v1"
    customer = create_customer(operator, base_url, name=f"Parcels {tag}", can_manage_products=True)
    customer_id = customer["idfulfilment_customer"]
    product = create_product(operator, base_url, customer_id, f"TEE-{tag}").json()
    client = key_client(operator, rpc.accounts.create_customer_api_key(customer_id, "shop key")["key"])
    warehouse = rpc.catalog.create_warehouse(f"Parcels {tag}")["idwarehouse"]
    rpc.catalog.change_stock(customer_id, product["idproduct"], warehouse, 3, "first receipt")
    provider = operator.post(f"{api}/shippingproviders", json={
        "name": f"PostNL {tag}", "carrier_key": "postnl", "profiles": [{"name": "Standard"}],
        "tracktraceurl_pattern": "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL-3512AB"}).json()
    with FakeShopify() as shop:
        order = shop.add_order([(f"TEE-{tag}", 3)])
        webshop = checked("POST", "/webshops", client.post(f"{api}/webshops", json={
            "platform": "shopify", "name": "Tees on Shopify", "url": shop.url, "access_token": shop.access_token}), 201)
        (seen,) = seen_orders(client, base_url, webshop["idwebshop"], 1)
        assert operator.post(f"{api}/orders/{seen['idorder']}/process", json={"idwarehouse": warehouse}).ok
        picklist = new_picklist(operator, api, seen["idorder"])
        operator.post(f"{api}/picklists/{picklist['idpicklist']}/pickall")
        codes = [f"3SA{tag.upper()}", f"3SB{tag.upper()}"]
        for code in codes:  # two boxes for one picklist
            ship(operator, api, picklist, code, provider["profiles"][0]["idshippingprovider_profile"])
        updates_url = f"{api}/webshops/{webshop['idwebshop']}/shopupdates"
        deadline = time.monotonic() + 40  # the parcels' cancel window, then the timer
        while {row["status"] for row in checked("GET", "/webshops/{idwebshop}/shopupdates",
                                                 client.get(updates_url))} != {"sent"}:
            assert time.monotonic() < deadline, client.get(updates_url).json()
            time.sleep(0.5)
        time.sleep(2)  # the timer's next rounds send nothing more
        (fulfillment,) = shop.fulfillments[order["id"]]
        assert sorted(fulfillment["tracking_numbers"]) == sorted(codes)
        assert [(item["sku"], item["quantity"]) for item in fulfillment["line_items"]] == [(f"TEE-{tag}", 3)]
        assert len(shop.received_at("POST", "/fulfillments.json")) == 1
        assert len(shop.received_at("POST", "/graphql.json")) == 1
        health = checked("GET", "/webshops/{idwebshop}/synchealth",
                         client.get(f"{api}/webshops/{webshop['idwebshop']}/synchealth"))
        assert health["pending_outbound"] == {"tracking": 0, "stock": 0} and health["last_success"]
