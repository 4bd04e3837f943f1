"""Fields Picqer documents that a client library sends on create and update: the ones we keep
under another name are renamed, the ones we keep nowhere are accepted and dropped (openapi.yaml
lists both), so that the write works; a field Picqer does not know still reaches the service,
which refuses it naming it."""

PRODUCT_RENAMED = {"fixedstockprice": "costprice", "minimumstock": "minimum_stock"}
PRODUCT_IGNORED = frozenset({
    "idsupplier", "productcode_supplier", "deliverytime", "unlimitedstock", "type",
    "length", "width", "height", "minimum_purchase_quantity", "purchase_in_quantities_of", "hs_code",
    "country_of_origin", "maximumstock", "stocklocation", "productfields", "tags"
})
ORDER_IGNORED = frozenset({
    "idtemplate", "deliveryregion", "invoiceregion", "language", "preferred_delivery_date", "discount",
    "partialdelivery", "pickup_point_data", "orderfields",
})
ORDER_LINE_IGNORED = frozenset({"name", "remarks", "idvatgroup", "weight", "idorder_product"})
# Picqer's documentation renames a tag with `name` (its example of PUT /tags/{idtag}); it answers `title`.
TAG_RENAMED = {"name": "title"}


def _without(fields: dict, ignored: frozenset, renamed: dict | None = None) -> dict:
    kept = {name: value for name, value in fields.items() if name not in ignored}
    for picqer, ours in (renamed or {}).items():
        if picqer in kept and ours not in kept:
            kept[ours] = kept.pop(picqer)
    return kept


def product_fields(body: dict) -> dict:
    return _without(body, PRODUCT_IGNORED, PRODUCT_RENAMED)


def order_fields(body: dict) -> dict:
    order = _without(body, ORDER_IGNORED)
    if isinstance(order.get("products"), list):
        order["products"] = [_without(line, ORDER_LINE_IGNORED) if isinstance(line, dict) else line
                             for line in order["products"]]
    return order


def tag_fields(body: dict) -> dict:
    return _without(body, frozenset(), TAG_RENAMED)
