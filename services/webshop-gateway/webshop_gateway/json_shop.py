"""The generic JSON shop: a shop of the client's own making that answers our documented pull
endpoint (README, "Webshops"), with a bearer token:

    GET <url>?updated_since=2026-12-01T07:00:00Z  →  {"orders": [ORDER, ...], "next": "<url of the next page>" | null}
    GET <url>/<id>                                 →  ORDER
    ORDER = {"id": "A-1001", "reference": "1001", "status": "to_fulfil" (else not shipped),
             "updated_at": "2026-12-01T07:00:00Z", "remarks": null,
             "delivery": {"name", "company", "address", "address2", "zipcode", "city", "country"},
             "lines": [{"sku": "MUG-1", "quantity": 2, "name": "Mug"}]}

The same ORDER may be posted to the shop's webhook address, signed in `X-Webhook-Signature`.
"""
from datetime import datetime, timedelta, timezone

from webshop_gateway.shop_http import ShopAnswerUnreadable, ShopHttp
from webshop_gateway.shop_orders import ShopOrder, delivery_address, stripped

MAX_PAGES = 20
OVERLAP = timedelta(minutes=1)


def _headers(credentials: dict) -> dict:
    return {"Authorization": f"Bearer {credentials['access_token']}", "Accept": "application/json"}


def read_orders(http: ShopHttp, url: str, credentials: dict, cursor: str | None, into: list[ShopOrder]) -> bool:
    params = {}
    if cursor:
        since = datetime.fromisoformat(cursor) - OVERLAP
        params["updated_since"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    address: str | None = url
    for _ in range(MAX_PAGES):
        body, _ = http.get_json(address, params=params, headers=_headers(credentials))
        if not isinstance(body, dict) or not isinstance(body.get("orders"), list):
            raise ShopAnswerUnreadable('The shop\'s answer has no "orders" list.')
        into.extend(shop_order_from(row) for row in body["orders"])
        address, params = body.get("next") if isinstance(body.get("next"), str) else None, {}
        if not address:
            return True
    return False


def read_order(http: ShopHttp, url: str, credentials: dict, external_id: str) -> ShopOrder:
    body, _ = http.get_json(f"{url}/{external_id}", headers=_headers(credentials))
    return shop_order_from(body)


def shop_order_from(row) -> ShopOrder:
    if not isinstance(row, dict) or not (isinstance(row.get("id"), (str, int)) and str(row["id"]).strip()):
        raise ShopAnswerUnreadable("The shop sent an order without its id.")
    delivery = row.get("delivery") if isinstance(row.get("delivery"), dict) else {}
    name = stripped(delivery.get("name"))
    address = delivery_address(name, "", delivery.get("company"), delivery.get("address"), delivery.get("address2"),
                               delivery.get("zipcode"), delivery.get("city"), delivery.get("country"))
    lines = [(stripped(line.get("sku")), line.get("quantity"), stripped(line.get("name")))
             for line in row.get("lines") or [] if isinstance(line, dict)]
    status = stripped(row.get("status"))
    return ShopOrder.made(external_id=str(row["id"]).strip()[:100], reference=stripped(row.get("reference")) or str(row["id"]),
                          shop_status=status, modified=_utc(stripped(row.get("updated_at"))),
                          to_fulfil=status == "to_fulfil", address=address, lines=lines,
                          remarks=stripped(row.get("remarks")) or None)


def _utc(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")
