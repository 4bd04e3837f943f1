"""Products and stock through the real API: the operator manages them, a client reads its own."""
import base64
import io
import uuid

import pytest
import requests
from e2e_api import create_customer, create_product
from openapi_check import assert_matches_openapi
from PIL import Image


@pytest.fixture(scope="module")
def warehouse(rpc) -> dict:
    return rpc.catalog.create_warehouse(f"E2E warehouse {uuid.uuid4().hex[:6]}")


@pytest.fixture(scope="module")
def shop(operator, base_url, rpc) -> dict:
    """A client with one product, its own API key, and a neighbour with a product of its own."""
    mine = create_customer(operator, base_url, can_manage_products=True)  # its key changes its products
    theirs = create_customer(operator, base_url)
    product = create_product(operator, base_url, mine["idfulfilment_customer"], "STOCK-1").json()
    their_product = create_product(operator, base_url, theirs["idfulfilment_customer"], "STOCK-1").json()
    key = rpc.accounts.create_api_key("customer", mine["idfulfilment_customer"], "shop")["key"]
    client = requests.Session()
    client.auth = (key, "")
    return {"customer": mine, "product": product, "their_product": their_product, "client": client}


def test_operator_changes_and_sets_stock_and_the_history_explains_it(operator, base_url, shop, warehouse):
    path = f"{base_url}/api/v1/products/{shop['product']['idproduct']}/stock/{warehouse['idwarehouse']}"
    received = operator.post(path, json={"change": 12, "reason": "Received"})
    assert_matches_openapi("POST", "/products/{idproduct}/stock/{idwarehouse}", received)
    assert received.status_code == 201 and received.json()["stock"] == 12
    counted = operator.post(path, json={"amount": 10, "reason": "Stocktake"})
    picqer_reserved = {"reservedbackorders": 0, "reservedpicklists": 0, "reservedallocations": 0}
    assert counted.json() == {"idproduct": shop["product"]["idproduct"], "idwarehouse": warehouse["idwarehouse"],
                              "stock": 10, "reserved": 0, "freestock": 10, **picqer_reserved}
    below_zero = operator.post(path, json={"change": -11, "reason": "Oops"})
    assert_matches_openapi("POST", "/products/{idproduct}/stock/{idwarehouse}", below_zero)
    assert below_zero.status_code == 400 and "below zero" in below_zero.json()["error_message"]

    level = operator.get(path)
    assert_matches_openapi("GET", "/products/{idproduct}/stock/{idwarehouse}", level)
    per_warehouse = operator.get(f"{base_url}/api/v1/products/{shop['product']['idproduct']}/stock")
    assert_matches_openapi("GET", "/products/{idproduct}/stock", per_warehouse)
    assert per_warehouse.json() == [{"idwarehouse": warehouse["idwarehouse"], "stock": 10, "reserved": 0, "freestock": 10,
                                     **picqer_reserved}]

    history = operator.get(f"{base_url}/api/v1/stockhistory?idproduct={shop['product']['idproduct']}")
    assert_matches_openapi("GET", "/stockhistory", history)
    assert [(row["old_stock"], row["stock_change"], row["new_stock"], row["reason"]) for row in history.json()] == [
        (12, -2, 10, "Stocktake"), (0, 12, 12, "Received")]
    assert history.json()[0]["changed_by"] == "API key: e2e operator"
    everyone = operator.get(f"{base_url}/api/v1/stockhistory")  # no customer named: every customer's
    assert_matches_openapi("GET", "/stockhistory", everyone)
    assert everyone.status_code == 200 and everyone.json()[0] == history.json()[0]


def test_client_reads_its_stock_and_history_but_never_changes_stock(base_url, shop, warehouse):
    client, product = shop["client"], shop["product"]
    refused = client.post(f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse['idwarehouse']}",
                          json={"change": 5, "reason": "mine"})
    assert_matches_openapi("POST", "/products/{idproduct}/stock/{idwarehouse}", refused)
    assert refused.status_code == 403
    history = client.get(f"{base_url}/api/v1/stockhistory")
    assert_matches_openapi("GET", "/stockhistory", history)
    assert {row["idproduct"] for row in history.json()} <= {product["idproduct"]}


def test_client_updates_its_product_but_never_its_code(base_url, shop):
    client, product = shop["client"], shop["product"]
    path = f"{base_url}/api/v1/products/{product['idproduct']}"
    updated = client.put(path, json={"name": "Renamed", "costprice": "3.10", "weight": 250, "active": False})
    assert_matches_openapi("PUT", "/products/{idproduct}", updated)
    assert (updated.json()["name"], updated.json()["costprice"], updated.json()["active"]) == ("Renamed", 3.1, False)
    code_change = client.put(path, json={"productcode": "OTHER"})
    assert_matches_openapi("PUT", "/products/{idproduct}", code_change)
    assert code_change.status_code == 400 and code_change.json()["error_message"] == "productcode: cannot be changed"
    negative = client.put(path, json={"price": "-1"})
    assert negative.status_code == 400 and negative.json()["error_message"].startswith("price:")
    inactive = client.get(f"{base_url}/api/v1/products?active=false")
    assert_matches_openapi("GET", "/products", inactive)
    assert [p["idproduct"] for p in inactive.json()] == [product["idproduct"]]


def test_a_product_keeps_picqers_description_and_vat_group_from_the_vat_groups_list(base_url, shop):
    client, product = shop["client"], shop["product"]
    groups = client.get(f"{base_url}/api/v1/vatgroups")
    assert_matches_openapi("GET", "/vatgroups", groups)
    assert [(g["idvatgroup"], g["percentage"]) for g in groups.json()] == [(1, 21.0), (2, 9.0), (3, 0.0)]
    path = f"{base_url}/api/v1/products/{product['idproduct']}"
    assert client.get(path).json()["idvatgroup"] == 1
    updated = client.put(path, json={"description": "Stoneware, 300 ml", "idvatgroup": 2, "fixedstockprice": 2.75})
    assert_matches_openapi("PUT", "/products/{idproduct}", updated)
    assert updated.status_code == 200, updated.text
    shown = client.get(path).json()
    assert (shown["description"], shown["idvatgroup"], shown["fixedstockprice"], shown["costprice"]) == (
        "Stoneware, 300 ml", 2, 2.75, 2.75)
    refused = client.put(path, json={"idvatgroup": 7})
    assert_matches_openapi("PUT", "/products/{idproduct}", refused)
    assert refused.status_code == 400 and refused.json()["error_message"].startswith("idvatgroup:")


def test_another_clients_product_answers_404_on_every_route(base_url, shop, warehouse):
    client, theirs = shop["client"], shop["their_product"]["idproduct"]
    for method, path, spec_path in (
        ("GET", f"/products/{theirs}", "/products/{idproduct}"),
        ("PUT", f"/products/{theirs}", "/products/{idproduct}"),
        ("GET", f"/products/{theirs}/stock", "/products/{idproduct}/stock"),
        ("GET", f"/products/{theirs}/stock/{warehouse['idwarehouse']}", "/products/{idproduct}/stock/{idwarehouse}"),
    ):
        response = client.request(method, f"{base_url}/api/v1{path}", json={"name": "x"})
        assert_matches_openapi(method, spec_path, response)
        assert response.status_code == 404, (method, path)
        assert response.json()["error_message"] == f"product {theirs} not found"
    assert client.get(f"{base_url}/api/v1/stockhistory?idproduct={theirs}").json() == []


def test_warehouses_are_listed(base_url, shop, warehouse):
    response = shop["client"].get(f"{base_url}/api/v1/warehouses")
    assert_matches_openapi("GET", "/warehouses", response)
    assert warehouse in response.json()


def png_base64(size=(300, 200)) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def test_client_adds_an_image_and_gets_it_back_cacheable(base_url, shop):
    client, product = shop["client"], shop["product"]
    path = f"{base_url}/api/v1/products/{product['idproduct']}/images"
    added = client.post(path, json={"image": png_base64()})
    assert_matches_openapi("POST", "/products/{idproduct}/images", added)
    assert added.status_code == 201 and (added.json()["width"], added.json()["height"]) == (300, 200)
    listed = client.get(path)
    assert_matches_openapi("GET", "/products/{idproduct}/images", listed)
    assert listed.json() == [added.json()]
    image = client.get(f"{base_url}{added.json()['url']}")
    assert image.headers["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    assert "immutable" in image.headers["Cache-Control"]
    not_an_image = client.post(path, json={"image": "SGVsbG8gd29ybGQ="})
    assert_matches_openapi("POST", "/products/{idproduct}/images", not_an_image)
    assert not_an_image.status_code == 400 and not_an_image.json()["error_message"].startswith("image:")
    theirs = client.get(f"{base_url}/api/v1/products/{shop['their_product']['idproduct']}/images")
    assert_matches_openapi("GET", "/products/{idproduct}/images", theirs)
    assert theirs.status_code == 404
    removed = client.delete(f"{base_url}{added.json()['url']}")
    assert_matches_openapi("DELETE", "/products/{idproduct}/images/{idproduct_image}", removed)
    assert client.get(path).json() == []
    again = client.delete(f"{base_url}{added.json()['url']}")
    assert_matches_openapi("DELETE", "/products/{idproduct}/images/{idproduct_image}", again)
    assert again.status_code == 404
