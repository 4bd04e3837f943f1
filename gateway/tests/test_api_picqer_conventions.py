"""Conventions a client library written for Picqer's API relies on."""
import json

import pytest

PRODUCT = {"idproduct": 5, "idfulfilment_customer": 7, "productcode": "MUG-1", "name": "Mug", "barcode": None,
           "price": "12.50", "costprice": "4.00", "weight": 180, "minimum_stock": 0, "active": True,
           "created_at": None, "updated_at": None, "stock": [], "freestock": 0}


@pytest.mark.parametrize("content_type", [None, "application/x-www-form-urlencoded", "text/plain"])
def test_a_json_body_is_read_as_json_whatever_its_content_type(client, customer_headers, rpc, content_type):
    rpc.answer("catalog", "create_product", lambda customer_id, body: {**PRODUCT, **body})
    headers = {**customer_headers, **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/v1/products", data=json.dumps({"productcode": "MUG-1", "name": "Mug"}),
                           headers=headers)
    assert response.status_code == 201
    assert [call[2] for call in rpc.calls if call[1] == "create_product"] == [(7, {"productcode": "MUG-1", "name": "Mug"})]


def test_prices_are_json_numbers(client, customer_headers, rpc):
    rpc.answer("catalog", "get_product", PRODUCT)
    body = client.get("/api/v1/products/5", headers=customer_headers).get_json()
    assert (body["price"], body["costprice"]) == (12.5, 4.0)
