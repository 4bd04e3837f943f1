"""Issue 16's "done when", in Chromium: a client links a (fake) WooCommerce shop on the portal,
runs the connection test and sees every check, sees its orders appear with their outcomes (imported with a link, skipped, failed with the
unknown SKU named), adds the missing product and retries, and the shop's orders are each one
order, made once; the warehouse ships one through the API (process, pick, ship) and, once the
parcel can no longer be cancelled, the shop has received its tracking code exactly once: the
order completed, one note to its customer, and the portal's webshop page says it was sent. A
second order's parcel, refused by the shop for good (the order gone there), is sent again with the
page's Send again button once the order is back, and arrives once."""
import time
import uuid

from e2e_api import create_customer, create_product, new_picklist, ship
from e2e_browser import chromium, log_in, watch_policy_violations
from fake_woocommerce import FakeWooCommerce

PASSWORD = "webshop-harbour-58"


def wait_for_rows(page, count: int, timeout: float = 20) -> None:
    """The orders-seen table, reloaded until the shop's poll brought `count` rows, each with its
    outcome (a row is seen, and shown as pending, before its order is placed)."""
    deadline = time.monotonic() + timeout
    rows = page.locator("[data-testid=seen-order]")
    while rows.count() < count or page.locator("[data-testid=seen-order][data-outcome=pending]").count():
        assert time.monotonic() < deadline, f"fewer than {count} orders seen"
        time.sleep(0.5)
        page.reload()


def wait_for_update(page, status: str, timeout: float = 40) -> None:
    """The webshop page, reloaded until a tracking code sent back to the shop has `status`."""
    deadline = time.monotonic() + timeout
    while page.locator(f"[data-testid=shop-update][data-status={status}]").count() == 0:
        assert time.monotonic() < deadline, f"no update {status}"
        time.sleep(0.5)
        page.reload()


def shipped_through_the_api(operator, api: str, rpc, customer_id: int, reference: str, tag: str) -> str:
    """The warehouse, with an operator key: the shop's order processed, picked and shipped; its tracking code."""
    provider = operator.post(f"{api}/shippingproviders", json={
        "name": f"PostNL {tag}", "carrier_key": "postnl", "profiles": [{"name": "Standard"}],
        "tracktraceurl_pattern": "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL-3512AB"}).json()
    warehouse = rpc.catalog.create_warehouse(f"Webshop warehouse {tag}")["idwarehouse"]
    (order,) = [order for order in operator.get(f"{api}/orders", params={
        "idfulfilment_customer": customer_id, "source": "webshop"}).json() if order["reference"] == reference]
    for line in order["products"]:
        rpc.catalog.change_stock(customer_id, line["idproduct"], warehouse, line["amount"], "first receipt")
    processed = operator.post(f"{api}/orders/{order['idorder']}/process", json={"idwarehouse": warehouse})
    assert processed.status_code == 200, processed.text
    picklist = new_picklist(operator, api, order["idorder"])
    operator.post(f"{api}/picklists/{picklist['idpicklist']}/pickall")
    code = f"3SWEB{tag.upper()}"
    ship(operator, api, picklist, code, provider["profiles"][0]["idshippingprovider_profile"])
    return code


def test_a_client_links_its_shop_and_follows_its_orders_to_imported(operator, base_url, rpc, artifacts_dir):
    api, portal, tag = f"{base_url}/api/v1", f"{base_url}/fulfilmentportal", uuid.uuid4().hex[:6]
    username = f"shopkeeper-{tag}"
    customer = create_customer(operator, base_url, name="Webshop Test BV", can_login=True, username=username,
                               password=PASSWORD, language="en", can_manage_products=True)
    customer_id = customer["idfulfilment_customer"]
    create_product(operator, base_url, customer_id, f"MUG-{tag}")

    with FakeWooCommerce() as shop, chromium() as browser:
        shop.add_product(f"MUG-{tag}", stock_quantity=4)  # the shop shows 4 where we have none
        paid = shop.add_order([(f"MUG-{tag}", 2)])
        unknown = shop.add_order([(f"MUG-{tag}", 1), (f"LAMP-{tag}", 1)], first_name="Els", last_name="de Vries")
        unpaid = shop.add_order([(f"MUG-{tag}", 1)], status="pending")
        page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
        refused = watch_policy_violations(page)
        log_in(page, f"{portal}/webshops", username, PASSWORD)
        page.select_option("#platform", "woocommerce")
        page.fill("#name", f"Acme shop {tag}")
        page.fill("#url", shop.url)
        page.fill("#consumer_key", shop.consumer_key)
        page.fill("#consumer_secret", shop.consumer_secret)
        page.click("[data-testid=link-webshop] button[type=submit]")
        assert "stored encrypted" in page.inner_text(".notice")
        assert shop.consumer_secret not in page.content()

        page.click("[data-testid=reconciliation-link]")
        row = page.locator("[data-testid=stock-row]").filter(has_text=f"MUG-{tag}")
        assert row.get_attribute("data-status") == "differs" and "+4" in row.inner_text()
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=f"{artifacts_dir}/webshop-stock-reconciliation-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1200, "height": 900})
        page.go_back()
        page.click("[data-testid=test-connection]")
        assert "found 1 problem" in page.inner_text(".notice")
        checks = {item.get_attribute("data-check"): item.get_attribute("data-status")
                  for item in page.locator("[data-testid=check]").all()}
        assert checks == {"reachable": "passed", "tls": "not_applicable", "credentials": "passed",
                          "permissions": "passed", "api_version": "passed", "webhooks_registered": "failed",
                          "webhook_reachable": "passed", "clock": "passed"}
        assert "add webhooks for order.created, order.updated" in page.inner_text("[data-check=webhooks_registered]")
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.locator("#connection-test").scroll_into_view_if_needed()
            page.screenshot(path=f"{artifacts_dir}/webshop-connection-test-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1200, "height": 900})

        wait_for_rows(page, 3)
        rows = {row.inner_text().split()[0]: row for row in page.locator("[data-testid=seen-order]").all()}
        assert rows[paid["number"]].get_attribute("data-outcome") == "imported"
        assert rows[unpaid["number"]].get_attribute("data-outcome") == "skipped"
        assert rows[unknown["number"]].get_attribute("data-outcome") == "failed"
        assert f'Unknown SKU "LAMP-{tag}"' in rows[unknown["number"]].inner_text()
        page.screenshot(path=f"{artifacts_dir}/webshop-orders-seen.png", full_page=True)

        # The shop is read every second and a failed order it sends again is tried again: with its
        # keys revoked meanwhile, only the Retry button can import it (as it was sent).
        secret = shop.consumer_secret
        shop.revoke_keys()
        create_product(operator, base_url, customer_id, f"LAMP-{tag}")
        page.locator(f"[data-testid=seen-order]:has-text('LAMP-{tag}') button").click()
        assert f"Order {unknown['number']} has been imported" in page.inner_text(".notice")
        shop.consumer_secret = secret
        retried = page.locator("[data-testid=seen-order]").filter(has_text=unknown["number"]).first
        assert retried.get_attribute("data-outcome") == "imported"
        retried.locator("a").click()
        assert "Els de Vries" in page.inner_text("main")
        page.screenshot(path=f"{artifacts_dir}/webshop-order-imported.png", full_page=True)

        code = shipped_through_the_api(operator, api, rpc, customer_id, paid["number"], tag)
        page.goto(f"{portal}/webshops")
        page.locator(f"a:has-text('Acme shop {tag}')").click()
        wait_for_update(page, "waiting")  # until the parcel can no longer be cancelled
        wait_for_update(page, "sent")
        time.sleep(2)  # the timer's next rounds send nothing more
        notes = shop.notes[paid["id"]]
        assert len(notes) == 1 and code in notes[0]["note"] and notes[0]["customer_note"] is True
        assert shop.orders[paid["id"]]["status"] == "completed"
        assert len(shop.received_at("PUT", f"/orders/{paid['id']}")) == 1
        sent = page.locator("[data-testid=shop-update][data-status=sent]")
        assert sent.count() == 1 and code in sent.inner_text()
        page.screenshot(path=f"{artifacts_dir}/webshop-tracking-sent.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{artifacts_dir}/webshop-tracking-sent-phone.png", full_page=True)
        page.set_viewport_size({"width": 1200, "height": 900})

        # The second order ships while the shop has lost it: refused for good, its reason says what
        # to do; once the order is back, Send again delivers it, once.
        deleted = shop.orders.pop(unknown["id"])
        second = shipped_through_the_api(operator, api, rpc, customer_id, unknown["number"], f"{tag}b")
        wait_for_update(page, "failed")
        failed = page.locator("[data-testid=shop-update][data-status=failed]")
        assert second in failed.inner_text() and "does not know this order" in failed.inner_text()
        for width, height in ((1280, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            failed.scroll_into_view_if_needed()
            page.screenshot(path=f"{artifacts_dir}/webshop-tracking-failed-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1200, "height": 900})
        shop.orders[unknown["id"]] = deleted
        failed.locator("button", has_text="Send again").click()
        assert f"Tracking code {second} of order {unknown['number']} is sent to the shop again" in page.inner_text(
            ".notice")
        wait_for_update(page, "sent")
        deadline = time.monotonic() + 20
        while page.locator("[data-testid=shop-update][data-status=sent]").count() < 2:
            assert time.monotonic() < deadline, "the update sent again did not arrive"
            time.sleep(0.5)
            page.reload()
        time.sleep(2)
        assert [second in note["note"] for note in shop.notes[unknown["id"]]] == [True]
        assert page.locator("button", has_text="Send again").count() == 0
        assert refused == []

    placed = operator.get(f"{api}/orders", params={"idfulfilment_customer": customer_id, "source": "webshop"}).json()
    assert sorted(order["reference"] for order in placed) == sorted([paid["number"], unknown["number"]])
