"""The Shipments page and the order page's shipments, with the services faked by their contracts."""
from test_orders_gateway import ORDER
from test_picklists_gateway import SHIPMENT

from test_current_order_portal import PROVIDERS


def test_the_shipments_page_links_each_code_to_the_carriers_page(logged_in, rpc):
    rpc.answer("orders", "list_shipments", [SHIPMENT, {**SHIPMENT, "idshipment": 5, "trackingcode": "3SOLD",
                                                       "cancelled": True, "from_backorder": True}])
    html = logged_in.get("/fulfilmentportal/shipments").get_data(as_text=True)
    assert '<a href="https://postnl.nl/tt/3SABC" target="_blank" rel="noopener noreferrer">3SABC</a>' in html
    assert "<s>3SOLD</s>" in html and "from backorder" in html and "3 × <bdi>MUG-1</bdi> <bdi>Mug</bdi>" in html
    assert 'href="/fulfilmentportal/orders/31">2026000031</a>' in html


def shipments_asked(rpc) -> tuple:
    return [call for call in rpc.calls if call[1] == "list_shipments"][-1]


def test_filters_pass_on_only_what_makes_sense(logged_in, rpc):
    rpc.answer("orders", "list_shipping_providers_for_customer", PROVIDERS)
    rpc.answer("orders", "list_shipments", [])
    html = logged_in.get("/fulfilmentportal/shipments?carrier_key=postnl&sincedate=2026-11-01&untildate=nonsense"
                         "&search=+3SA+&offset=abc").get_data(as_text=True)
    assert shipments_asked(rpc) == ("orders", "list_shipments", (7, 0, {"sincedate": "2026-11-01", "carrier_key": "postnl",
                                                               "search": "3SA"}))
    assert "No shipments match these filters." in html and '<option value="postnl" selected>PostNL</option>' in html
    logged_in.get("/fulfilmentportal/shipments?carrier_key=pigeon")
    assert shipments_asked(rpc) == ("orders", "list_shipments", (7, 0, {}))


def test_without_shipments_the_page_says_what_will_appear(logged_in, rpc):
    html = logged_in.get("/fulfilmentportal/shipments").get_data(as_text=True)
    assert "Nothing has been shipped yet." in html


def test_the_order_page_shows_each_parcel_and_what_still_waits(logged_in, rpc):
    line = {"idorder_product": 3, "idproduct": 5, "productcode": "MUG-1", "name": "Mug", "price": "4.50",
            "amount": 5, "allocated": 0, "backordered": 2, "shipped": 3}
    rpc.answer("orders", "get_order", {**ORDER, "status": "processing", "products": [line]})
    rpc.answer("orders", "list_shipments", [SHIPMENT])
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert ">3SABC</a>" in html and "Still to ship" in html
    assert ("orders", "list_shipments", (7, 0, {"idorder": 31})) in rpc.calls
    rpc.answer("orders", "list_shipments", [])
    assert "Nothing of this order has been shipped yet." in logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
