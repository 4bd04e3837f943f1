"""Which of a Shopify order's items a parcel fulfils, and what Shopify's GraphQL answer means."""
from webshop_gateway.shop_updates import Delivered, Refused, RetryLater
from webshop_gateway.shopify_parcels import fulfillment_holding, parcel_line_items, with_number_added
from webshop_gateway.tracking_push import graphql_outcome

SKUS = {11: "MUG-1", 12: "TEE-M"}


def fulfillment_order(status: str = "open", mugs_left: int = 2, tees_left: int = 1) -> dict:
    return {"id": 90, "status": status, "line_items": [
        {"id": 77, "line_item_id": 11, "quantity": 2, "fulfillable_quantity": mugs_left},
        {"id": 84, "line_item_id": 12, "quantity": 1, "fulfillable_quantity": tees_left}]}


def test_a_parcel_takes_of_its_own_products_at_most_what_it_holds():
    assert parcel_line_items([fulfillment_order()], SKUS, [{"productcode": "MUG-1", "amount": 1}]) == [
        {"fulfillment_order_id": 90, "fulfillment_order_line_items": [{"id": 77, "quantity": 1}]}]


def test_a_parcel_of_products_already_fulfilled_takes_nothing():
    assert parcel_line_items([fulfillment_order("in_progress", mugs_left=0)], SKUS,
                             [{"productcode": "MUG-1", "amount": 2}]) == []
    assert parcel_line_items([fulfillment_order("closed", 0, 0)], SKUS, None) == []


def test_a_parcel_whose_products_are_not_known_takes_everything_still_open():
    assert parcel_line_items([fulfillment_order(mugs_left=1)], SKUS, None) == [
        {"fulfillment_order_id": 90, "fulfillment_order_line_items": [{"id": 77, "quantity": 1}, {"id": 84, "quantity": 1}]}]


def test_the_fulfillment_holding_a_parcels_products_is_the_newest_not_cancelled():
    fulfillments = [{"id": 1, "status": "success", "line_items": [{"sku": "MUG-1"}]},
                    {"id": 2, "status": "success", "line_items": [{"sku": "TEE-M"}]},
                    {"id": 3, "status": "cancelled", "line_items": [{"sku": "MUG-1"}]}]
    assert fulfillment_holding(fulfillments, [{"productcode": "MUG-1", "amount": 1}])["id"] == 1
    assert fulfillment_holding(fulfillments, None)["id"] == 2
    assert fulfillment_holding(fulfillments, [{"productcode": "LAMP-9", "amount": 1}]) is None


def test_an_added_number_keeps_the_fulfillments_numbers_and_their_links_by_position():
    update = {"carrier": "PostNL", "trackingcode": "B", "tracktraceurl": "https://t/B"}
    both = with_number_added({"tracking_company": "DHL", "tracking_numbers": ["A"], "tracking_urls": ["https://t/A"]},
                             update)
    assert both == {"company": "DHL", "numbers": ["A", "B"], "urls": ["https://t/A", "https://t/B"]}
    assert "urls" not in with_number_added({"tracking_numbers": ["A"], "tracking_urls": []}, update)


def test_shopifys_graphql_answer_says_delivered_throttled_or_refused():
    mutation = "fulfillmentTrackingInfoUpdateV2"
    assert graphql_outcome({"data": {mutation: {"fulfillment": {"id": "x"}, "userErrors": []}}}, mutation) == Delivered()
    assert isinstance(graphql_outcome({"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}]},
                                       mutation), RetryLater)
    refused = graphql_outcome({"data": {mutation: {"fulfillment": None, "userErrors": [
        {"field": ["fulfillmentId"], "message": "Fulfillment does not exist."}]}}}, mutation)
    assert isinstance(refused, Refused) and "Fulfillment does not exist." in refused.reason
    denied = graphql_outcome({"errors": [{"message": "Access denied", "extensions": {"code": "ACCESS_DENIED"}}]}, mutation)
    assert isinstance(denied, Refused) and "Access denied" in denied.reason
    assert isinstance(graphql_outcome("<html>", mutation), RetryLater)
