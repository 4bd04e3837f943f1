"""Text a client typed, at its worst: a 200-character name without a space does not push columns
off-screen (it wraps, a list cuts it after three lines with the whole name on hover), and a
right-to-left override (U+202E) in a name turns nothing around outside that name. Lists and detail
pages at phone and desktop width; the screenshots are kept to be looked at."""
import uuid

import pytest
from e2e_api import create_customer, create_product
from e2e_browser import chromium, log_in

PASSWORD = "copper-meadow-81"
LONG_NAME = ("Ultralichte" * 19 + "tent")[:200]
RLO = "\u202e"
WIDTHS = {"phone": {"width": 390, "height": 780}, "desktop": {"width": 1280, "height": 800}}

# The <bdi> holding the hostile name, and where the text after it starts: to its right, as typed.
FOLLOWS_IN_ORDER = """(selector) => {
  const bdi = [...document.querySelectorAll(selector + ' bdi')].find(b => b.textContent.includes('\\u202eJan'));
  if (!bdi || !bdi.nextSibling) return null;
  const range = document.createRange();
  range.selectNodeContents(bdi.nextSibling);
  return [bdi.getBoundingClientRect().right, range.getClientRects()[0].left];
}"""


@pytest.fixture(scope="module")
def hostile_client(operator, base_url):
    username = f"bidi-{uuid.uuid4().hex[:6]}"
    customer = create_customer(operator, base_url, name="Long Names BV", can_login=True, username=username,
                               password=PASSWORD, language="nl")
    customer_id = customer["idfulfilment_customer"]
    long_one = create_product(operator, base_url, customer_id, "LN-LONG").json()
    operator.put(f"{base_url}/api/v1/products/{long_one['idproduct']}", json={"name": LONG_NAME}).raise_for_status()
    hostile = create_product(operator, base_url, customer_id, "LN-RLO").json()
    operator.put(f"{base_url}/api/v1/products/{hostile['idproduct']}",
                 json={"name": f"{RLO}Tent groen"}).raise_for_status()
    order = operator.post(f"{base_url}/api/v1/orders", json={
        "idfulfilment_customer": customer_id, "reference": f"{RLO}REF-1", "deliveryname": f"{RLO}Jan Jansen",
        "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "3512 AB", "deliverycity": "Utrecht",
        "deliverycountry": "NL",
        "products": [{"productcode": "LN-LONG", "amount": 2}, {"productcode": "LN-RLO", "amount": 1}]})
    assert order.status_code == 201, order.text
    return {"username": username, "product": long_one["idproduct"], "order": order.json()["idorder"]}


def fits(page, width: str) -> bool:
    """The page does not scroll sideways; at desktop width no table does, and on a phone a list
    either fits (its rows as cards) or, scrolling sideways for its other columns, gives no typed
    text more than a third of the window."""
    return page.evaluate("""(desktop) => document.documentElement.scrollWidth <= window.innerWidth
        && [...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth + 1
            || (!desktop && [...w.querySelectorAll('bdi')].every(
                    b => b.getBoundingClientRect().width <= window.innerWidth / 3)))""", width == "desktop")


@pytest.mark.parametrize("width", WIDTHS)
def test_long_and_bidirectional_names_stay_in_their_place(base_url, hostile_client, artifacts_dir, width):
    portal = f"{base_url}/fulfilmentportal"
    with chromium() as browser:
        page = browser.new_page(viewport=WIDTHS[width])
        log_in(page, f"{portal}/products", hostile_client["username"], PASSWORD)
        page.wait_for_selector("table.list")
        page.screenshot(path=f"{artifacts_dir}/long-names-products-{width}.png", full_page=True)
        assert fits(page, width), "the product list is wider than the window"
        name = page.locator(f"table.list bdi[title='{LONG_NAME}']")
        assert name.count() == 1 and name.evaluate("b => b.scrollHeight > b.clientHeight")  # cut, whole on hover

        page.goto(f"{portal}/products/{hostile_client['product']}")
        page.screenshot(path=f"{artifacts_dir}/long-names-product-{width}.png", full_page=True)
        assert fits(page, width) and LONG_NAME in page.inner_text("h1")  # a detail page shows all of it, wrapped

        page.goto(f"{portal}/orders")
        page.wait_for_selector("table.list")
        page.screenshot(path=f"{artifacts_dir}/bidi-orders-{width}.png", full_page=True)
        assert fits(page, width), "the order list is wider than the window"
        name_right, after_left = page.evaluate(FOLLOWS_IN_ORDER, "table.list")
        assert after_left >= name_right - 1, "the city after the name was turned around"

        page.goto(f"{portal}/orders/{hostile_client['order']}")
        page.screenshot(path=f"{artifacts_dir}/bidi-order-{width}.png", full_page=True)
        assert fits(page, width), "the order page is wider than the window"
        address = page.inner_text("address")
        assert address.index("Jan Jansen") < address.index("Dorpsstraat 1") < address.index("Utrecht")
        assert page.locator("table.list bdi", has_text="Tent groen").count() == 1
