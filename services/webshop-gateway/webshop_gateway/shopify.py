"""Shopify (Admin REST API): its orders read page by page (the cursor in the `Link` header), and
each turned into a ShopOrder.

The access token goes in `X-Shopify-Access-Token`. The polling cursor is the newest `updated_at`
seen, asked again with an overlap (`updated_at_min` includes it; an order seen twice is imported
once). An order is to be fulfilled once it is paid, not cancelled and not fulfilled yet.
"""
from datetime import datetime, timedelta, timezone

import requests

from webshop_gateway.shop_http import ShopAnswerUnreadable, ShopHttp
from webshop_gateway.shop_orders import ShopOrder, delivery_address, stripped

API_VERSION = "2024-10"
LIMIT = 250
MAX_PAGES = 20
OVERLAP = timedelta(minutes=1)
PAID = {"paid", "partially_refunded"}


def _headers(credentials: dict) -> dict:
    return {"X-Shopify-Access-Token": credentials["access_token"], "Accept": "application/json"}


def read_orders(http: ShopHttp, url: str, credentials: dict, cursor: str | None, into: list[ShopOrder]) -> bool:
    """Adds to `into` the orders changed since `cursor`, page by page; True when every page was read."""
    params = {"status": "any", "limit": LIMIT}
    if cursor:
        since = datetime.fromisoformat(cursor).replace(tzinfo=timezone.utc) - OVERLAP
        params["updated_at_min"] = since.isoformat(timespec="seconds")
    address: str | None = f"{url}/admin/api/{API_VERSION}/orders.json"
    for _ in range(MAX_PAGES):
        body, headers = http.get_json(address, params=params, headers=_headers(credentials))
        if not isinstance(body, dict) or not isinstance(body.get("orders"), list):
            raise ShopAnswerUnreadable("The shop's order list is not a list of orders.")
        into.extend(shop_order_from(row) for row in body["orders"])
        links = requests.utils.parse_header_links(headers["Link"]) if headers.get("Link") else []
        address = next((link["url"] for link in links if link.get("rel") == "next"), None)
        if not address:
            return True
        params = {}  # the next page's address holds its cursor; Shopify refuses filters beside it
    return False


def read_order(http: ShopHttp, url: str, credentials: dict, external_id: str) -> ShopOrder:
    body, _ = http.get_json(f"{url}/admin/api/{API_VERSION}/orders/{external_id}.json", headers=_headers(credentials))
    if not isinstance(body, dict):
        raise ShopAnswerUnreadable("The shop's order is not an order.")
    return shop_order_from(body.get("order"))


def shop_order_from(row) -> ShopOrder:
    """A Shopify order as orders' OrderInput, or the reasons it cannot be one."""
    if not isinstance(row, dict) or not isinstance(row.get("id"), int):
        raise ShopAnswerUnreadable("The shop sent an order without its id.")
    shipping = row.get("shipping_address") if isinstance(row.get("shipping_address"), dict) else {}
    address = delivery_address(*(shipping.get(key) for key in (
        "first_name", "last_name", "company", "address1", "address2", "zip", "city", "country_code")))
    lines = [(stripped(item.get("sku")), item.get("quantity"), stripped(item.get("name")))
             for item in row.get("line_items") or [] if isinstance(item, dict) and item.get("requires_shipping", True)]
    status = _shop_status(row)
    reference = stripped(row.get("name")) or str(row["id"])
    return ShopOrder.made(external_id=str(row["id"]), reference=reference, shop_status=status,
                          modified=_utc(stripped(row.get("updated_at")) or stripped(row.get("created_at"))),
                          to_fulfil=status == "paid, unfulfilled", address=address, lines=lines,
                          remarks=stripped(row.get("note")) or None)


def _shop_status(row: dict) -> str:
    if row.get("cancelled_at"):
        return "cancelled"
    fulfilment = stripped(row.get("fulfillment_status")) or "unfulfilled"
    financial = stripped(row.get("financial_status")) or "pending"
    return f"{'paid' if financial in PAID else financial}, {fulfilment}"


def _utc(text: str) -> str:
    try:
        return datetime.fromisoformat(text).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return ""
