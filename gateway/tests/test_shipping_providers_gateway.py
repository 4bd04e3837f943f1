"""Shipping providers through the API, with the orders service faked by its contract."""
PROVIDER = {"idshippingprovider": 2, "name": "PostNL main", "provider": "PostNL", "carrier_key": "postnl",
            "public_providername": "PostNL", "tracktraceurl_pattern": "https://postnl.nl/tt/{trackingcode}",
            "active": True, "created": "2026-11-23T16:00:00+00:00", "updated": "2026-11-23T16:00:00+00:00",
            "profiles": [{"idshippingprovider_profile": 5, "name": "Standard", "active": True,
                          "created": "2026-11-23T16:00:00+00:00", "updated": "2026-11-23T16:00:00+00:00"}]}


def test_a_customer_key_reads_the_profiles_its_customer_may_use(client, rpc, customer_headers):
    rpc.answer("orders", "list_shipping_providers_for_customer", [PROVIDER])
    response = client.get("/api/v1/shippingproviders", headers=customer_headers)
    assert response.status_code == 200 and response.get_json()[0]["profiles"][0]["created"] == "2026-11-23 16:00:00"
    assert rpc.calls[-1] == ("orders", "list_shipping_providers_for_customer", (7,))


def test_the_operator_reads_every_provider_and_manages_them(client, rpc, operator_headers):
    rpc.answer("orders", "list_shipping_providers", [PROVIDER])
    assert client.get("/api/v1/shippingproviders", headers=operator_headers).get_json()[0]["idshippingprovider"] == 2
    rpc.answer("orders", "create_shipping_provider", PROVIDER)
    body = {"name": "PostNL main", "carrier_key": "postnl", "tracktraceurl_pattern": "https://postnl.nl/tt/{trackingcode}"}
    assert client.post("/api/v1/shippingproviders", json=body, headers=operator_headers).status_code == 201
    assert rpc.calls[-1] == ("orders", "create_shipping_provider", (body,))
    rpc.answer("orders", "add_shipping_profile", PROVIDER)
    assert client.post("/api/v1/shippingproviders/2/profiles", json={"name": "Evening"},
                       headers=operator_headers).status_code == 201
    rpc.answer("orders", "update_shipping_profile", PROVIDER)
    client.put("/api/v1/shippingproviders/2/profiles/5", json={"active": False}, headers=operator_headers)
    assert rpc.calls[-1] == ("orders", "update_shipping_profile", (2, 5, {"active": False}))


def test_bad_provider_input_answers_400_with_the_reason(client, rpc, operator_headers):
    rpc.answer("orders", "update_shipping_provider",
               error=("InvalidShippingProvider", "carrier_key: Must be one of: postnl, dhl."))
    response = client.put("/api/v1/shippingproviders/2", json={"carrier_key": "pigeon"}, headers=operator_headers)
    assert response.status_code == 400 and "carrier_key" in response.get_json()["error_message"]


def test_customers_cannot_manage_providers(client, customer_headers):
    assert client.post("/api/v1/shippingproviders", json={}, headers=customer_headers).status_code == 403
    assert client.put("/api/v1/shippingproviders/2", json={}, headers=customer_headers).status_code == 403
    assert client.post("/api/v1/shippingproviders/2/profiles", json={}, headers=customer_headers).status_code == 403
    assert client.put("/api/v1/shippingproviders/2/profiles/5", json={}, headers=customer_headers).status_code == 403
