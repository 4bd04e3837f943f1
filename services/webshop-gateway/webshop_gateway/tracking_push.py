"""Tracking codes back to the shops: the timer's round over the outbox (webshop_gateway.shop_updates)
and how each platform is told that its order shipped. Never with a transaction open: claim the
update (commit), tell the shop, record the answer (commit).

- WooCommerce (REST API v3): the order `completed` (`PUT /wp-json/wc/v3/orders/<id>`, the tracking
  code kept in its `meta_data`), then a note to the customer with the carrier, the code and its
  link (`POST /wp-json/wc/v3/orders/<id>/notes`, `customer_note`: WooCommerce mails it). The PUT
  may be repeated harmlessly and the note comes last, so an attempt that fails half way and is
  repeated never adds the note twice.
- Shopify (Admin REST API; one tracking number per fulfillment, so one fulfillment per parcel,
  `webshop_gateway.shopify_parcels`): a fulfillment with our tracking number already there means
  it arrived (an answer lost on the way), and nothing more is made. Otherwise the parcel's items
  still open (`GET …/orders/<id>/fulfillment_orders.json`, matched to its products by the order's
  line items' SKUs) become one fulfillment with `tracking_info` {number, company, url} and
  `notify_customer` (`POST …/fulfillments.json`). A later parcel of the same picklist finds its
  items fulfilled: its number is added to the fulfillment holding them (GraphQL
  `fulfillmentTrackingInfoUpdateV2` with every number of that fulfillment and ours).
- The JSON shop: `POST <url>/<id>/shipments` with a bearer token and `Idempotency-Key:
  shipment-<idshipment>` (the same on every attempt, for the shop to drop a repeat):
  {"shipment_id", "order_id", "reference", "status": "shipped", "carrier", "trackingcode",
  "trackingurl"}; any 2xx is taken as received.
"""
import logging

from webshop_gateway import shop_updates, shopify_parcels
from webshop_gateway.credentials import CredentialsUnreadable, unseal
from webshop_gateway.shop_updates import Delivered, Outcome, Refused, RetryLater
from webshop_gateway.shop_writes import ShopWrites
from webshop_gateway.shopify import API_VERSION
from webshop_gateway.woocommerce import API as WOOCOMMERCE_API

log = logging.getLogger(__name__)

MAX_PER_ROUND = 50  # the rest in the next second's round


def tell_woocommerce(shop: ShopWrites, url: str, credentials: dict, update: dict) -> Outcome:
    order_url = f"{url}{WOOCOMMERCE_API}/orders/{update['external_id']}"
    auth = (credentials["consumer_key"], credentials["consumer_secret"])
    completed = {"status": "completed", "meta_data": [
        {"key": "_fulfilment_tracking_code", "value": update["trackingcode"]},
        {"key": "_fulfilment_tracking_url", "value": update["tracktraceurl"]},
        {"key": "_fulfilment_carrier", "value": update["carrier"]}]}
    outcome, _ = shop.ask("PUT", order_url, json=completed, auth=auth)
    if outcome is not None:
        return outcome
    note = {"note": f"Shipped with {update['carrier']}. Track & trace: {update['trackingcode']} "
                    f"{update['tracktraceurl']}", "customer_note": True}
    outcome, _ = shop.ask("POST", f"{order_url}/notes", json=note, auth=auth)
    return outcome or Delivered()


def tell_shopify(shop: ShopWrites, url: str, credentials: dict, update: dict) -> Outcome:
    api = f"{url}/admin/api/{API_VERSION}"
    headers = {"X-Shopify-Access-Token": credentials["access_token"], "Accept": "application/json"}
    order_api = f"{api}/orders/{update['external_id']}"
    outcome, fulfillments = _listed(shop, f"{order_api}/fulfillments.json", "fulfillments", headers)
    if outcome is not None:
        return outcome
    if any(update["trackingcode"] in shopify_parcels.tracking_numbers(row) for row in fulfillments
           if isinstance(row, dict)):
        return Delivered()  # it arrived (an answer lost on the way): not made again
    outcome, fulfillment_orders = _listed(shop, f"{order_api}/fulfillment_orders.json", "fulfillment_orders", headers)
    if outcome is not None:
        return outcome
    outcome, body = shop.ask("GET", f"{order_api}.json", params={"fields": "id,line_items"}, headers=headers)
    if outcome is not None:
        return outcome
    order = body.get("order") if isinstance(body, dict) and isinstance(body.get("order"), dict) else {}
    shares = shopify_parcels.parcel_line_items(fulfillment_orders, shopify_parcels.skus_of_line_items(order),
                                               update["products"])
    if not shares:
        return _add_to_fulfillment(shop, api, headers, fulfillments, update)
    fulfillment = {"fulfillment": {
        "line_items_by_fulfillment_order": shares,
        "tracking_info": {"number": update["trackingcode"], "company": update["carrier"],
                          "url": update["tracktraceurl"]},
        "notify_customer": True}}
    outcome, _ = shop.ask("POST", f"{api}/fulfillments.json", json=fulfillment, headers=headers)
    return outcome or Delivered()


def _listed(shop: ShopWrites, url: str, key: str, headers: dict) -> tuple[Outcome | None, list]:
    """The list under `key` of the shop's answer to a GET of `url`, or why there is none."""
    outcome, body = shop.ask("GET", url, headers=headers)
    if outcome is not None:
        return outcome, []
    rows = body.get(key) if isinstance(body, dict) else None
    if not isinstance(rows, list):
        return RetryLater(f"The shop's answer held no {key.replace('_', ' ')}."), []
    return None, rows


TRACKING_UPDATE = """mutation addParcel($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!) {
  fulfillmentTrackingInfoUpdateV2(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput,
                                  notifyCustomer: true) {
    fulfillment { id trackingInfo { number } }
    userErrors { field message }
  }
}"""


def _add_to_fulfillment(shop: ShopWrites, api: str, headers: dict, fulfillments: list, update: dict) -> Outcome:
    """Nothing of the parcel is left open: an earlier parcel of its picklist fulfilled its items,
    so the fulfillment holding them gets this parcel's number too (GraphQL: REST's update_tracking
    keeps one number)."""
    holding = shopify_parcels.fulfillment_holding(fulfillments, update["products"])
    if holding is None:
        return Refused("Shopify has nothing left to fulfil on this order (fulfilled or cancelled in the shop)")
    outcome, body = shop.ask("POST", f"{api}/graphql.json", headers=headers, json={
        "query": TRACKING_UPDATE, "variables": {
            "fulfillmentId": f"gid://shopify/Fulfillment/{holding['id']}",
            "trackingInfoInput": shopify_parcels.with_number_added(holding, update)}})
    if outcome is not None:
        return outcome
    return graphql_outcome(body, "fulfillmentTrackingInfoUpdateV2")


def graphql_outcome(body, mutation: str) -> Outcome:
    """Shopify's GraphQL answers 200 whatever came of it: a throttle or a refusal is in `errors`,
    a refused input in the mutation's `userErrors`."""
    if not isinstance(body, dict):
        return RetryLater("The shop's answer was not GraphQL.")
    errors = [row for row in body.get("errors") or [] if isinstance(row, dict)]
    if any((row.get("extensions") or {}).get("code") == "THROTTLED" for row in errors):
        return RetryLater("The shop asked us to slow down (GraphQL throttled).", 2)
    result = (body.get("data") or {}).get(mutation) if isinstance(body.get("data"), dict) else None
    refusals = errors or [row for row in (result or {}).get("userErrors") or [] if isinstance(row, dict)]
    if refusals:
        said = "; ".join(str(row.get("message", ""))[:200] for row in refusals)
        return Refused(f"The shop refused the tracking code ({said})")
    return Delivered() if result else RetryLater("The shop's answer held no result.")


def tell_json_shop(shop: ShopWrites, url: str, credentials: dict, update: dict) -> Outcome:
    shipped = {"shipment_id": update["shipment_id"], "order_id": update["external_id"],
               "reference": update["reference"], "status": "shipped", "carrier": update["carrier"],
               "trackingcode": update["trackingcode"], "trackingurl": update["tracktraceurl"]}
    outcome, _ = shop.ask("POST", f"{url}/{update['external_id']}/shipments", json=shipped, headers={
        "Authorization": f"Bearer {credentials['access_token']}", "Idempotency-Key": f"shipment-{update['shipment_id']}"})
    return outcome or Delivered()


# platform → how it is told
TELLERS = {"woocommerce": tell_woocommerce, "shopify": tell_shopify, "json": tell_json_shop}


def send(update: dict) -> Outcome:
    """One attempt at a claimed update; a refusal says which code and order it was about."""
    try:
        credentials = unseal(update["credentials"])
    except CredentialsUnreadable as error:
        return RetryLater(str(error))
    outcome = TELLERS[update["platform"]](ShopWrites(), update["url"], credentials, update)
    if isinstance(outcome, Refused):
        return Refused(f"{outcome.reason.rstrip('.')}; then add tracking code {update['trackingcode']} ("
                       f"{update['carrier']}) to order {update['reference']} in the shop.")
    return outcome


def push_due_updates(db) -> int:
    """The timer's round, one replica at a time: each due update claimed, sent and recorded in
    turn. Returns how many were attempted. When nothing is due, one SELECT and no more."""
    if not db.read_statement(shop_updates.any_due):
        return 0
    with db.exclusive("shop updates") as mine:
        if not mine:
            return 0
        db.change(shop_updates.fail_stale_claims)
        attempted = 0
        while attempted < MAX_PER_ROUND:
            update = db.change(shop_updates.claim_next_due)
            if update is None:
                break
            outcome = send(update)
            if not isinstance(outcome, Delivered):
                log.warning("shop update %s (order %s, tracking %s): %s", update["id"], update["reference"],
                            update["trackingcode"], outcome)
            db.change(shop_updates.record_attempt, update["id"], outcome)
            attempted += 1
        return attempted
