"""Picklists through the API, with the orders service faked by its contract."""
PICKLIST = {"idpicklist": 12, "picklistid": "P2026000012", "idfulfilment_customer": 7, "idorder": 31,
            "orderid": "2026000031", "reference": "SHOP-1", "idwarehouse": 1, "status": "new",
            "deliveryname": "Jan Jansen", "deliverycontact": None, "deliveryaddress": "Dorpsstraat 1",
            "deliveryaddress2": None, "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "NL",
            "totalproducts": 5, "totalpicked": 0, "stock_consumption": "not asked", "reason": None, "closed_by": None,
            "closed_at": None, "created": "2026-11-23T16:00:00+00:00", "updated": "2026-11-23T16:00:00+00:00",
            "products": [{"idpicklist_product": 1, "idorder_product": 3, "idproduct": 5, "productcode": "MUG-1",
                          "name": "Mug", "amount": 5, "amount_picked": 0}]}


def test_a_customer_key_lists_its_own_picklists_with_picqers_filters(client, rpc, customer_headers):
    rpc.answer("orders", "list_picklists", [PICKLIST])
    response = client.get("/api/v1/picklists?idorder=31&status=new&offset=100", headers=customer_headers)
    assert response.status_code == 200 and response.get_json()[0]["created"] == "2026-11-23 16:00:00"
    assert rpc.calls[-1] == ("orders", "list_picklists", (7, 100, {"idorder": "31", "status": "new"}))
    assert client.get("/api/v1/picklists?idfulfilment_customer=8", headers=customer_headers).status_code == 403


def test_the_operator_lists_every_customers_picklists(client, rpc, operator_headers):
    rpc.answer("orders", "list_picklists_of_all_customers", [PICKLIST])
    assert client.get("/api/v1/picklists", headers=operator_headers).get_json()[0]["idpicklist"] == 12


def test_another_customers_picklist_is_a_404(client, rpc, customer_headers):
    rpc.answer("orders", "get_picklist", error=("PicklistNotFound", "picklist 12 not found"))
    response = client.get("/api/v1/picklists/12", headers=customer_headers)
    assert response.status_code == 404 and response.get_json()["error_code"] == 20


def test_the_operator_picks_for_the_picklists_customer(client, rpc, operator_headers):
    rpc.answer("orders", "get_picklist_of_any_customer", PICKLIST)
    rpc.answer("orders", "pick_picklist_product", {**PICKLIST, "totalpicked": 2})
    response = client.post("/api/v1/picklists/12/pick", json={"product": "MUG-1", "amount": 2}, headers=operator_headers)
    assert response.status_code == 200 and response.get_json()["totalpicked"] == 2
    assert rpc.calls[-1] == ("orders", "pick_picklist_product", (7, 12, "MUG-1", 2, "API key warehouse"))


def test_picking_too_many_answers_400_with_the_reason(client, rpc, operator_headers):
    rpc.answer("orders", "get_picklist_of_any_customer", PICKLIST)
    rpc.answer("orders", "pick_picklist_product",
               error=("InvalidPicklist", "amount: MUG-1 is on the picklist 5 times and 0 are picked; 6 more is too many"))
    response = client.post("/api/v1/picklists/12/pick", json={"product": 5, "amount": 6}, headers=operator_headers)
    assert response.status_code == 400 and "6 more is too many" in response.get_json()["error_message"]


def test_customers_cannot_pick_or_close(client, customer_headers):
    for action in ("pick", "pickall", "close"):
        assert client.post(f"/api/v1/picklists/12/{action}", json={}, headers=customer_headers).status_code == 403


def test_the_operator_closes_with_a_reason_for_what_was_not_picked(client, rpc, operator_headers):
    rpc.answer("orders", "get_picklist_of_any_customer", PICKLIST)
    rpc.answer("orders", "close_picklist", {**PICKLIST, "status": "closed", "closed_at": "2026-11-23T17:00:00+00:00"})
    response = client.post("/api/v1/picklists/12/close", json={"reason": "damaged"}, headers=operator_headers)
    assert response.status_code == 200 and response.get_json()["closed_at"] == "2026-11-23 17:00:00"
    assert rpc.calls[-1] == ("orders", "close_picklist", (7, 12, "API key warehouse", "damaged"))
    client.post("/api/v1/picklists/12/close", headers=operator_headers)
    assert rpc.calls[-1] == ("orders", "close_picklist", (7, 12, "API key warehouse", None))


SHIPMENT = {"idshipment": 4, "idpicklist": 12, "picklistid": "P2026000012", "idorder": 31, "orderid": "2026000031",
            "reference": "SHOP-1", "idfulfilment_customer": 7, "idwarehouse": 1, "idshippingprovider": 2,
            "idshippingprovider_profile": 5, "provider": "PostNL", "providername": "PostNL main",
            "public_providername": "PostNL", "profile_name": "Standard", "carrier_key": "postnl",
            "trackingcode": "3SABC", "trackingurl": "https://postnl.nl/tt/3SABC", "tracktraceurl": "https://postnl.nl/tt/3SABC",
            "weight": 1200, "from_backorder": False, "cancelled": False, "cancelled_at": None, "created_by": "API key x",
            "created": "2026-11-23T17:00:00+00:00", "updated": "2026-11-23T17:00:00+00:00",
            "products": [{"idproduct": 5, "productcode": "MUG-1", "name": "Mug", "amount": 3}]}


def test_the_operator_ships_a_parcel_for_the_picklists_customer(client, rpc, operator_headers):
    rpc.answer("orders", "get_picklist_of_any_customer", PICKLIST)
    rpc.answer("orders", "create_shipment", SHIPMENT)
    body = {"idshippingprovider_profile": 5, "weight": 1200, "trackingcode": "3SABC"}
    response = client.post("/api/v1/picklists/12/shipments", json=body, headers=operator_headers)
    assert response.status_code == 201 and response.get_json()["created"] == "2026-11-23 17:00:00"
    assert rpc.calls[-1] == ("orders", "create_shipment", (7, 12, body, "API key warehouse"))
    rpc.answer("orders", "cancel_shipment", {**SHIPMENT, "cancelled": True, "cancelled_at": "2026-11-23T17:01:00+00:00"})
    cancelled = client.post("/api/v1/picklists/12/shipments/4/cancel", headers=operator_headers).get_json()
    assert cancelled["cancelled_at"] == "2026-11-23 17:01:00"
    assert rpc.calls[-1] == ("orders", "cancel_shipment", (7, 12, 4, "API key warehouse"))


def test_shipping_a_picklist_with_nothing_picked_answers_400_with_the_reason(client, rpc, operator_headers):
    rpc.answer("orders", "get_picklist_of_any_customer", PICKLIST)
    rpc.answer("orders", "create_shipment", error=("InvalidShipment", "Nothing is picked on picklist P2026000012"))
    response = client.post("/api/v1/picklists/12/shipments", json={}, headers=operator_headers)
    assert response.status_code == 400 and response.get_json()["error_code"] == 134


def test_a_customer_reads_its_shipments_but_never_ships(client, rpc, customer_headers):
    rpc.answer("orders", "get_picklist", PICKLIST)
    rpc.answer("orders", "list_picklist_shipments", [SHIPMENT])
    assert client.get("/api/v1/picklists/12/shipments", headers=customer_headers).get_json()[0]["idshipment"] == 4
    assert rpc.calls[-1] == ("orders", "list_picklist_shipments", (7, 12))
    rpc.answer("orders", "list_shipments", [SHIPMENT])
    client.get("/api/v1/shipments?carrier_key=postnl&search=3S&offset=100", headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "list_shipments", (7, 100, {"carrier_key": "postnl", "search": "3S"}))
    assert client.post("/api/v1/picklists/12/shipments", json={}, headers=customer_headers).status_code == 403
    assert client.post("/api/v1/picklists/12/shipments/4/cancel", headers=customer_headers).status_code == 403
