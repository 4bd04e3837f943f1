"""A client's product pages in a real browser: its own products, free stock and stock history."""
import uuid

import pytest
from e2e_api import create_customer, create_product
from e2e_browser import chromium, log_in
from e2e_api import portal_login
from test_stock_api_e2e import png_base64


@pytest.fixture(scope="module")
def stocked_client(operator, base_url, rpc):
    """A client with a login and three products, stock moved through the operator API, and a
    reservation as orders would make one; a neighbour with a product of its own."""
    password = "portal-password-2"
    mine = create_customer(operator, base_url, name="Stock Pages BV", can_login=True,
                           username=f"stock-{uuid.uuid4().hex[:6]}", password=password, language="en")
    other = create_customer(operator, base_url, name="Neighbour BV")
    warehouse = rpc.catalog.create_warehouse(f"Pages warehouse {uuid.uuid4().hex[:6]}")
    customer_id = mine["idfulfilment_customer"]
    products = {code: create_product(operator, base_url, customer_id, code).json()
                for code in ("SP-TENT", "SP-MUG", "SP-EMPTY")}
    create_product(operator, base_url, other["idfulfilment_customer"], "SP-NEIGHBOUR")
    tent = products["SP-TENT"]["idproduct"]
    stock_path = f"{base_url}/api/v1/products/{tent}/stock/{warehouse['idwarehouse']}"
    operator.post(stock_path, json={"change": 20, "reason": "Received from supplier"}).raise_for_status()
    operator.post(stock_path, json={"change": -2, "reason": "Damaged in transit"}).raise_for_status()
    operator.put(f"{base_url}/api/v1/products/{tent}", json={"costprice": "80.00"}).raise_for_status()
    operator.post(f"{base_url}/api/v1/products/{tent}/images", json={"image": png_base64((900, 600))}).raise_for_status()
    rpc.catalog.reserve_order_lines(customer_id, warehouse["idwarehouse"],
                                    [{"order_line_id": 990001, "idproduct": tent, "amount": 3}])
    operator.post(f"{base_url}/api/v1/products/{products['SP-MUG']['idproduct']}/stock/{warehouse['idwarehouse']}",
                  json={"amount": 5, "reason": "Stocktake"}).raise_for_status()
    operator.put(f"{base_url}/api/v1/products/{products['SP-MUG']['idproduct']}", json={"minimum_stock": 8}).raise_for_status()
    return {"username": mine["username"], "password": password, "products": products, "warehouse": warehouse}


def test_filters_show_only_what_matches(base_url, stocked_client):
    session = portal_login(base_url, stocked_client["username"], stocked_client["password"])
    in_stock = session.get(f"{base_url}/fulfilmentportal/products?stock=in_stock").text
    out_of_stock = session.get(f"{base_url}/fulfilmentportal/products?stock=out_of_stock").text
    assert "SP-TENT" in in_stock and "SP-MUG" in in_stock and "SP-EMPTY" not in in_stock
    assert "SP-EMPTY" in out_of_stock and "SP-TENT" not in out_of_stock
    assert "SP-NEIGHBOUR" not in in_stock + out_of_stock
    export = session.get(f"{base_url}/fulfilmentportal/products/export.csv?sort=productcode")
    assert [line.split(",")[0] for line in export.text.lstrip("\ufeff").splitlines()[1:]] == ["SP-EMPTY", "SP-MUG", "SP-TENT"]


def test_product_list_and_page_in_chromium(base_url, stocked_client, artifacts_dir):
    tent = stocked_client["products"]["SP-TENT"]["idproduct"]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        log_in(page, f"{base_url}/fulfilmentportal/products", stocked_client["username"], stocked_client["password"])
        page.wait_for_selector("table.list")
        page.select_option("select[name=stock]", "in_stock")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**stock=in_stock**")
        rows = page.locator("table.list tbody tr td:not(.photo) a").all_inner_texts()
        assert sorted(rows) == ["SP-MUG", "SP-TENT"]
        page.screenshot(path=f"{artifacts_dir}/portal-products-in-stock.png", full_page=True)

        page.click("text=SP-TENT")
        page.wait_for_selector("[data-testid=stock-history]")
        assert page.inner_text("[data-testid=freestock]") == "15"  # 18 on hand, 3 reserved
        assert page.inner_text("[data-testid=stock-value]") == "€1,440.00"  # 18 at 80.00
        levels = page.inner_text("[data-testid=stock-per-warehouse] tbody")
        assert stocked_client["warehouse"]["name"] in levels and "18\t3\t15" in levels
        history = page.locator("[data-testid=stock-history] tbody tr").all_inner_texts()
        assert "Damaged in transit" in history[0] and "-2" in history[0]
        assert "Received from supplier" in history[1] and "+20" in history[1]
        assert page.locator("text=Edit product").count() == 0  # no product-management permission
        assert page.eval_on_selector("[data-testid=images] img", "img => img.naturalWidth") == 320  # the thumbnail
        page.screenshot(path=f"{artifacts_dir}/portal-product-page.png", full_page=True)

        page.goto(f"{base_url}/fulfilmentportal/")
        assert page.inner_text("[data-testid=low-stock-notice]") == "1 product is below its minimum stock."
        page.screenshot(path=f"{artifacts_dir}/portal-dashboard-low-stock.png", full_page=True)
        page.click("[data-testid=low-stock-notice] a")
        page.wait_for_url("**stock=below_minimum**")
        assert page.locator("table.list tbody tr td:not(.photo) a").all_inner_texts() == ["SP-MUG"]

        page.click("nav >> text=Stock history")
        page.wait_for_selector("[data-testid=stock-history]")
        codes = page.locator("[data-testid=stock-history] tbody tr td:nth-child(2)").all_inner_texts()
        assert codes == ["SP-MUG", "SP-TENT", "SP-TENT"]  # newest first: the stocktake, the damage, the receipt
        page.screenshot(path=f"{artifacts_dir}/portal-stock-history.png", full_page=True)

        page.click("text=Stock on date")
        page.wait_for_selector("[data-testid=stock-on-date]")
        assert page.inner_text("[data-testid=stock-value-total]") == "€1,440.00"  # the tent at 80.00; the mug costs 0
        page.screenshot(path=f"{artifacts_dir}/portal-stock-on-date.png", full_page=True)
        page.fill("input[name=date]", "2020-01-01")
        page.click("form.filters button[type=submit]")
        page.wait_for_selector("text=You had no stock at that moment.")

        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.context.add_cookies(page.context.cookies())
        phone.goto(f"{base_url}/fulfilmentportal/products/{tent}")
        phone.wait_for_selector("[data-testid=stock-history]")
        phone.screenshot(path=f"{artifacts_dir}/portal-product-page-phone.png", full_page=True)
