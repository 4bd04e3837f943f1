"""Which of a Shopify order's items one parcel fulfils. Shopify keeps one tracking number per
fulfillment ("for multiple tracking numbers, create separate fulfillments"), so each parcel is a
fulfillment of its own items; a parcel whose items an earlier parcel of the same picklist already
fulfilled (several parcels for one picklist hold the same products) adds its number to that
fulfillment instead, as Shopify's tracking input takes several numbers for one shipment in boxes.

Plain functions over the shop's answers (REST shapes: fulfillment orders with their line items'
`fulfillable_quantity`, the order's line items with their `sku`, fulfillments with
`tracking_numbers` and `line_items`)."""
from collections import Counter

OPEN_FULFILLMENT_ORDERS = {"open", "in_progress"}


def _rows(value) -> list[dict]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def tracking_numbers(fulfillment: dict) -> list[str]:
    return [number for number in fulfillment.get("tracking_numbers") or [fulfillment.get("tracking_number")] if number]


def parcel_line_items(fulfillment_orders: list, skus: dict[int, str], products: list[dict] | None) -> list[dict]:
    """The parcel's share of what is still open, as `line_items_by_fulfillment_order`: of each of its
    products at most the amount it holds. Without its products (an update kept before they were),
    everything still open."""
    wanted = None if not products else Counter()
    for product in products or []:
        wanted[product["productcode"]] += product["amount"]
    shares = []
    for fulfillment_order in _rows(fulfillment_orders):
        if fulfillment_order.get("status") not in OPEN_FULFILLMENT_ORDERS:
            continue
        lines = []
        for item in _rows(fulfillment_order.get("line_items")):
            left = item.get("fulfillable_quantity") or 0
            if wanted is not None:
                sku = skus.get(item.get("line_item_id"))
                left = min(left, wanted[sku]) if sku else 0
                if sku:
                    wanted[sku] -= max(left, 0)
            if left > 0:
                lines.append({"id": item["id"], "quantity": left})
        if lines:
            shares.append({"fulfillment_order_id": fulfillment_order["id"], "fulfillment_order_line_items": lines})
    return shares


def skus_of_line_items(order: dict) -> dict[int, str]:
    return {item["id"]: item["sku"] for item in _rows(order.get("line_items")) if item.get("sku")}


def fulfillment_holding(fulfillments: list, products: list[dict] | None) -> dict | None:
    """The newest fulfillment (not cancelled) with one of the parcel's products: where an earlier
    parcel of the same picklist put them. Without its products, the newest."""
    codes = {product["productcode"] for product in products or []}
    for fulfillment in reversed(_rows(fulfillments)):
        if fulfillment.get("status") in ("cancelled", "error", "failure"):
            continue
        if not codes or codes & {item.get("sku") for item in _rows(fulfillment.get("line_items"))}:
            return fulfillment
    return None


def with_number_added(fulfillment: dict, update: dict) -> dict:
    """Shopify's FulfillmentTrackingInput for the fulfillment's numbers and this parcel's: the
    numbers replace the fulfillment's, so the earlier ones go along (urls by position)."""
    numbers = tracking_numbers(fulfillment)
    urls = [url for url in fulfillment.get("tracking_urls") or [] if url]
    tracking = {"company": fulfillment.get("tracking_company") or update["carrier"],
                "numbers": [*numbers, update["trackingcode"]]}
    if len(urls) == len(numbers):
        tracking["urls"] = [*urls, update["tracktraceurl"]]
    return tracking
