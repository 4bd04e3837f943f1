"""WooCommerce (REST API v3): its orders read page by page, and each turned into a ShopOrder.

The keys go as HTTP Basic (WooCommerce's way over HTTPS). Orders come oldest first by creation,
so an order the shop takes while we page lands on the last page and moves nothing; the cursor is
the newest `date_modified_gmt` seen, asked again with an overlap (`OVERLAP`) because WooCommerce
compares whole seconds: an order seen twice is imported once.
"""
from datetime import datetime, timedelta

from webshop_gateway.shop_http import ShopAnswerUnreadable, ShopHttp
from webshop_gateway.shop_orders import ShopOrder, delivery_address, stripped

API = "/wp-json/wc/v3"
PER_PAGE = 100
MAX_PAGES = 20  # 2,000 orders a poll; the rest on the next one (the cursor moves only over what was read)
OVERLAP = timedelta(minutes=1)
TO_FULFIL = {"processing"}  # paid, waiting to be shipped (WooCommerce's own meaning of the status)


def read_orders(http: ShopHttp, url: str, credentials: dict, cursor: str | None, into: list[ShopOrder]) -> bool:
    """Adds to `into` the orders changed since `cursor` (all of them without one), page by page, so
    that a page failing after others keeps what they held; True when every page was read."""
    params = {"per_page": PER_PAGE, "orderby": "date", "order": "asc", "status": "any", "dates_are_gmt": "true"}
    if cursor:
        params["modified_after"] = (datetime.fromisoformat(cursor) - OVERLAP).strftime("%Y-%m-%dT%H:%M:%S")
    page, pages = 1, 1
    while page <= min(pages, MAX_PAGES):
        rows, headers = http.get_json(f"{url}{API}/orders", params={**params, "page": page}, auth=_auth(credentials))
        if not isinstance(rows, list):
            raise ShopAnswerUnreadable("The shop's order list is not a list of orders.")
        into.extend(shop_order_from(row) for row in rows)
        pages = _whole_number(headers.get("X-WP-TotalPages"), default=page)
        page += 1
    return pages <= MAX_PAGES


def read_order(http: ShopHttp, url: str, credentials: dict, external_id: str) -> ShopOrder:
    row, _ = http.get_json(f"{url}{API}/orders/{external_id}", auth=_auth(credentials))
    return shop_order_from(row)


def _auth(credentials: dict) -> tuple[str, str]:
    return credentials["consumer_key"], credentials["consumer_secret"]


def _whole_number(text: str | None, default: int) -> int:
    return int(text) if text and text.strip().isdigit() else default


def shop_order_from(row) -> ShopOrder:
    """A WooCommerce order as orders' OrderInput, or the reasons it cannot be one."""
    if not isinstance(row, dict) or not isinstance(row.get("id"), int):
        raise ShopAnswerUnreadable("The shop sent an order without its id.")
    shipping = row.get("shipping") if isinstance(row.get("shipping"), dict) else {}
    if not stripped(shipping.get("address_1")):  # nothing to ship: WooCommerce leaves it empty, use billing
        shipping = row.get("billing") if isinstance(row.get("billing"), dict) else {}
    address = delivery_address(*(shipping.get(key) for key in (
        "first_name", "last_name", "company", "address_1", "address_2", "postcode", "city", "country")))
    lines = [(stripped(item.get("sku")), item.get("quantity"), stripped(item.get("name")) or f"line {item.get('id')}")
             for item in row.get("line_items") or [] if isinstance(item, dict)]
    status = stripped(row.get("status"))
    return ShopOrder.made(external_id=str(row["id"]), reference=stripped(row.get("number")) or str(row["id"]),
                          shop_status=status, modified=_modified(row), to_fulfil=status in TO_FULFIL,
                          address=address, lines=lines, remarks=stripped(row.get("customer_note")) or None)


def _modified(row: dict) -> str:
    text = stripped(row.get("date_modified_gmt")) or stripped(row.get("date_created_gmt"))
    try:
        return datetime.fromisoformat(text).strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return ""
