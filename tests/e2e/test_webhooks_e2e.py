"""Webhooks over real HTTP end to end: a client registers Picqer's hooks with its own key, and an
order's life (created, processed, shipped, picked, completed) and its stock reach the client's
receiver as Picqer's signed bodies, each once, while another client's receiver hears nothing of it."""
import time
import uuid

from e2e_api import create_customer, create_product
from openapi_check import assert_matches_openapi
from servicekit.webhook_receiver import WebhookReceiver

ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}
EVENTS = ("orders.created", "orders.status_changed", "orders.allocated", "orders.completed", "picklists.closed",
          "picklists.shipments.created", "products.free_stock_changed")


def checked(method: str, path: str, response, status: int = 200):
    assert_matches_openapi(method, path, response)
    assert response.status_code == status, response.text
    return response.json() if response.content else None


def key_client(operator, key: str):
    client = type(operator)()
    client.auth = (key, "")
    return client


def test_an_orders_life_reaches_the_clients_hooks_signed_and_once(operator, base_url, rpc):
    api, tag = f"{base_url}/api/v1", uuid.uuid4().hex[:6]
    acme = create_customer(operator, base_url)["idfulfilment_customer"]
    other = create_customer(operator, base_url)["idfulfilment_customer"]
    product = create_product(operator, base_url, acme, f"HOOK-{tag}").json()
    warehouse = rpc.catalog.create_warehouse(f"Hooks {tag}")["idwarehouse"]
    client = key_client(operator, rpc.accounts.create_api_key("customer", acme, "hooks shop")["key"])
    stranger = key_client(operator, rpc.accounts.create_api_key("customer", other, "other shop")["key"])
    with WebhookReceiver() as receiver, WebhookReceiver() as others:
        for event in EVENTS:
            checked("POST", "/hooks", client.post(f"{api}/hooks", json={
                "name": f"ERP {event}", "event": event, "address": receiver.address(f"/{event}"),
                "secret": f"secret-{tag}"}), 201)
        checked("POST", "/hooks", stranger.post(f"{api}/hooks", json={
            "name": "Spy", "event": "orders.created", "address": others.address()}), 201)
        hooks = checked("GET", "/hooks", client.get(f"{api}/hooks"))
        assert sorted(hook["event"] for hook in hooks) == sorted(EVENTS) and all(hook["secret"] for hook in hooks)

        checked("POST", "/products/{idproduct}/stock/{idwarehouse}", operator.post(
            f"{api}/products/{product['idproduct']}/stock/{warehouse}", json={"change": 5, "reason": "count"}), 201)
        order = checked("POST", "/orders", client.post(f"{api}/orders", json={
            **ADDRESS, "reference": f"HOOK-{tag}", "products": [{"idproduct": product["idproduct"], "amount": 2}]}), 201)
        label = checked("POST", "/tags", client.post(f"{api}/tags", json={"title": f"Hook {tag}"}), 201)
        checked("POST", "/orders/{idorder}/tags", client.post(f"{api}/orders/{order['idorder']}/tags",
                                                              json={"idtag": label["idtag"]}))
        checked("POST", "/orders/{idorder}/process", client.post(f"{api}/orders/{order['idorder']}/process",
                                                                 json={"idwarehouse": warehouse}))
        [picklist] = checked("GET", "/picklists", operator.get(f"{api}/picklists?idorder={order['idorder']}"))
        checked("POST", "/picklists/{idpicklist}/pickall", operator.post(f"{api}/picklists/{picklist['idpicklist']}/pickall"))
        profile = rpc.orders.create_shipping_provider({
            "name": f"Hooks carrier {tag}", "carrier_key": "dpd", "tracktraceurl_pattern": "https://dpd.example/{trackingcode}",
            "profiles": [{"name": "Standard"}]})["profiles"][0]["idshippingprovider_profile"]
        checked("POST", "/picklists/{idpicklist}/shipments", operator.post(
            f"{api}/picklists/{picklist['idpicklist']}/shipments",
            json={"idshippingprovider_profile": profile, "weight": 900, "trackingcode": f"HOOK{tag}"}), 201)
        checked("POST", "/picklists/{idpicklist}/close", operator.post(f"{api}/picklists/{picklist['idpicklist']}/close"))

        # free stock: 5 counted, 3 once the order holds 2 (shipping them changes no free stock)
        received = receiver.wait_for(9, timeout=30)
        time.sleep(2)  # the sender runs every second: a repeat would have come by now
        assert len(receiver.received) == 9 and all(request.signed_with(f"secret-{tag}") for request in received)
        assert len({request.headers["X-Delivery-Id"] for request in received}) == 9
        told = sorted((request.json["event"], request.json["data"].get("status"), request.json["data"].get("freestock"))
                      for request in received)
        assert told == sorted([
            ("orders.created", "concept", None), ("orders.status_changed", "processing", None),
            ("orders.allocated", "processing", None), ("picklists.shipments.created", None, None),
            ("picklists.closed", "closed", None), ("orders.status_changed", "completed", None),
            ("orders.completed", "completed", None), ("products.free_stock_changed", None, 5),
            ("products.free_stock_changed", None, 3)])
        for request in received:
            body = request.json
            assert request.path == f"/{body['event']}" and len(body["event_triggered_at"]) == 19
            assert body["data"]["idfulfilment_customer"] == acme
        created = next(request.json["data"] for request in received if request.json["event"] == "orders.created")
        assert created["idorder"] == order["idorder"] and created["created"] == order["created"]
        # The order's tags as Picqer's: none is [], else an object keyed by title, each the tag.
        processed = next(request.json["data"] for request in received
                         if request.json["event"] == "orders.status_changed" and request.json["data"]["status"] == "processing")
        assert created["tags"] == [] and processed["tags"] == {f"Hook {tag}": label}
        assert others.received == []
        deliveries = checked("GET", "/hooks/{idhook}/deliveries", client.get(
            f"{api}/hooks/{hooks[0]['idhook']}/deliveries"))
        assert deliveries and deliveries[0]["last_status"] == 200
