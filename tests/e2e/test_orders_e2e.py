"""Orders over real HTTP: the API creates, finds and cancels them; the portal lists them."""
import uuid

import pytest
from e2e_api import create_customer, create_product, portal_login
from openapi_check import assert_matches_openapi

ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "nl"}


@pytest.fixture(scope="module")
def shop(operator, base_url, rpc):
    """A client with a portal login, two products and an API key of its own, and a second client
    with one product."""
    mine = create_customer(operator, base_url, can_login=True, username=f"orders-{uuid.uuid4().hex[:6]}",
                           password="orders-password-1", language="en")
    other = create_customer(operator, base_url)
    for code in ("ORD-MUG", "ORD-CUP"):
        assert create_product(operator, base_url, mine["idfulfilment_customer"], code).status_code == 201
    assert create_product(operator, base_url, other["idfulfilment_customer"], "OTHER-ONLY").status_code == 201
    key = rpc.accounts.create_api_key("customer", mine["idfulfilment_customer"], "webshop")["key"]
    return {"customer": mine, "other": other, "key": key}


def client_session(operator, key):
    session = type(operator)()
    session.auth = (key, "")
    return session


def test_api_order_is_created_once_even_when_retried(operator, base_url, shop):
    api = client_session(operator, shop["key"])
    body = {**ADDRESS, "reference": f"SHOP-{uuid.uuid4().hex[:6]}",
            "products": [{"productcode": "ORD-MUG", "amount": 2}, {"productcode": "ORD-CUP", "amount": 1}]}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = api.post(f"{base_url}/api/v1/orders", json=body, headers=key)
    assert_matches_openapi("POST", "/orders", first)
    assert first.status_code == 201, first.text
    order = first.json()
    assert (order["status"], order["source"], order["deliverycountry"]) == ("concept", "api", "NL")
    again = api.post(f"{base_url}/api/v1/orders", json=body, headers=key)
    assert again.status_code == 200 and again.json()["idorder"] == order["idorder"]
    listed = api.get(f"{base_url}/api/v1/orders?search={body['reference']}")
    assert_matches_openapi("GET", "/orders", listed)
    assert [o["idorder"] for o in listed.json()] == [order["idorder"]]
    # References are not unique, as Picqer's: without the key the same body is a second order.
    second = api.post(f"{base_url}/api/v1/orders", json=body)
    assert second.status_code == 201 and second.json()["idorder"] != order["idorder"]


def test_an_order_for_another_clients_product_names_the_bad_line(operator, base_url, shop):
    api = client_session(operator, shop["key"])
    response = api.post(f"{base_url}/api/v1/orders", json={**ADDRESS, "products": [
        {"productcode": "ORD-MUG", "amount": 1}, {"productcode": "OTHER-ONLY", "amount": 1}]})
    assert_matches_openapi("POST", "/orders", response)
    assert response.status_code == 400
    assert response.json()["error_message"] == "products.1: unknown product (productcode 'OTHER-ONLY')"


@pytest.mark.parametrize("lines,field", [([], "products"), ([{"productcode": "ORD-MUG", "amount": 0}], "amount"),
                                         ([{"productcode": "ORD-MUG", "amount": 10**9}], "amount")])
def test_bad_quantities_and_empty_orders_are_refused(operator, base_url, shop, lines, field):
    response = client_session(operator, shop["key"]).post(f"{base_url}/api/v1/orders", json={**ADDRESS, "products": lines})
    assert response.status_code == 400 and field in response.json()["error_message"]


def test_order_is_cancelled_and_another_client_cannot_see_it(operator, base_url, shop, rpc):
    api = client_session(operator, shop["key"])
    order = api.post(f"{base_url}/api/v1/orders", json={**ADDRESS, "products": [{"productcode": "ORD-CUP", "amount": 3}]}).json()
    other_key = rpc.accounts.create_api_key("customer", shop["other"]["idfulfilment_customer"], "other shop")["key"]
    other = client_session(operator, other_key)
    assert other.get(f"{base_url}/api/v1/orders/{order['idorder']}").status_code == 404
    assert other.delete(f"{base_url}/api/v1/orders/{order['idorder']}").status_code == 404
    cancelled = api.delete(f"{base_url}/api/v1/orders/{order['idorder']}")
    assert_matches_openapi("DELETE", "/orders/{idorder}", cancelled)
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["changeable_by_client"] is False
    fetched = operator.get(f"{base_url}/api/v1/orders/{order['idorder']}")
    assert_matches_openapi("GET", "/orders/{idorder}", fetched)
    assert [c["change"] for c in fetched.json()["history"]] == ["created", "cancelled"]


def test_portal_lists_the_clients_orders_with_their_source(operator, base_url, shop):
    api = client_session(operator, shop["key"])
    reference = f"PORTAL-{uuid.uuid4().hex[:6]}"
    order = api.post(f"{base_url}/api/v1/orders", json={**ADDRESS, "reference": reference,
                                                         "products": [{"productcode": "ORD-MUG", "amount": 1}]}).json()
    portal = portal_login(base_url, shop["customer"]["username"], "orders-password-1")
    listing = portal.get(f"{base_url}/fulfilmentportal/orders?search={reference}").text
    assert order["orderid"] in listing and "API" in listing
    page = portal.get(f"{base_url}/fulfilmentportal/orders/{order['idorder']}")
    assert page.status_code == 200 and "ORD-MUG" in page.text and "Netherlands" in page.text


def test_api_changes_the_delivery_address_until_picking(operator, base_url, shop):
    api = client_session(operator, shop["key"])
    order = api.post(f"{base_url}/api/v1/orders", json={**ADDRESS, "products": [{"productcode": "ORD-CUP", "amount": 1}]}).json()
    new_address = {**ADDRESS, "deliveryname": "Piet Puk", "deliverycity": "Groningen"}
    response = api.put(f"{base_url}/api/v1/orders/{order['idorder']}", json=new_address)
    assert_matches_openapi("PUT", "/orders/{idorder}", response)
    assert (response.json()["deliveryname"], response.json()["deliverycity"]) == ("Piet Puk", "Groningen")
    bad = api.put(f"{base_url}/api/v1/orders/{order['idorder']}", json={**new_address, "deliverycountry": "Narnia"})
    assert bad.status_code == 400 and "deliverycountry" in bad.json()["error_message"]


def test_a_partial_put_changes_only_the_contact_fields_it_names(operator, base_url, shop):
    api = client_session(operator, shop["key"])
    order = api.post(f"{base_url}/api/v1/orders", json={
        **ADDRESS, "emailaddress": "jan@example.test", "invoicename": "Jansen BV",
        "products": [{"productcode": "ORD-CUP", "amount": 1}]}).json()
    url = f"{base_url}/api/v1/orders/{order['idorder']}"
    response = api.put(url, json={"telephone": "+31 6 1234 5678", "invoicecountry": "be", "invoiceregion": "Antwerpen"})
    assert_matches_openapi("PUT", "/orders/{idorder}", response)
    assert response.status_code == 200, response.text
    kept = api.get(url).json()
    assert {field: kept[field] for field in ("telephone", "invoicecountry", "emailaddress", "invoicename",
                                             "deliveryname", "deliverycity")} == {
        "telephone": "+31 6 1234 5678", "invoicecountry": "BE", "emailaddress": "jan@example.test",
        "invoicename": "Jansen BV", "deliveryname": "Jan Jansen", "deliverycity": "Utrecht"}
    assert kept["history"][-1]["change"] == "contact details changed"
    bad = api.put(url, json={"emailaddress": "not-an-address"})
    assert bad.status_code == 400 and "emailaddress" in bad.json()["error_message"]


def test_api_comments_and_tags_and_finds_by_tag(operator, base_url, shop):
    api = client_session(operator, shop["key"])
    order = api.post(f"{base_url}/api/v1/orders", json={**ADDRESS, "products": [{"productcode": "ORD-MUG", "amount": 1}]}).json()
    commented = api.post(f"{base_url}/api/v1/orders/{order['idorder']}/comments", json={"body": "Side door please"})
    assert_matches_openapi("POST", "/orders/{idorder}/comments", commented)
    assert commented.status_code == 201 and commented.json()["body"] == "Side door please"
    tag = f"t{uuid.uuid4().hex[:6]}"
    tagged = api.put(f"{base_url}/api/v1/orders/{order['idorder']}/tags", json={"tags": [tag, "b2b"]})
    assert_matches_openapi("PUT", "/orders/{idorder}/tags", tagged)
    assert list(tagged.json()["tags"]) == [tag, "b2b"]
    # What GET gives (Picqer's object keyed by title) may be written back as it is.
    again = api.put(f"{base_url}/api/v1/orders/{order['idorder']}/tags", json={"tags": tagged.json()["tags"]})
    assert again.status_code == 200 and again.json()["tags"] == tagged.json()["tags"]
    listed = api.get(f"{base_url}/api/v1/orders?tag={tag}")
    assert [o["idorder"] for o in listed.json()] == [order["idorder"]]
    comments = operator.get(f"{base_url}/api/v1/orders/{order['idorder']}/comments")
    assert_matches_openapi("GET", "/orders/{idorder}/comments", comments)
    assert [c["author"] for c in comments.json()] == ["API key webshop"]
    noted = api.post(f"{base_url}/api/v1/orders/{order['idorder']}/notes", json={"note": "Ring twice"})
    assert_matches_openapi("POST", "/orders/{idorder}/notes", noted)
    notes = api.get(f"{base_url}/api/v1/orders/{order['idorder']}/notes")
    assert_matches_openapi("GET", "/orders/{idorder}/notes", notes)
    assert [n["note"] for n in notes.json()] == ["Side door please", "Ring twice"] and noted.status_code == 201


def test_tags_as_picqers_go_on_and_off_orders_and_are_each_clients_own(operator, base_url, shop, rpc):
    api = client_session(operator, shop["key"])
    title = f"tag-{uuid.uuid4().hex[:6]}"
    made = api.post(f"{base_url}/api/v1/tags", json={"title": title, "color": "#a68198", "inherit": False})
    assert_matches_openapi("POST", "/tags", made)
    assert made.status_code == 201 and made.json()["textColor"] == "#000000"
    tag = made.json()
    listed = api.get(f"{base_url}/api/v1/tags")
    assert_matches_openapi("GET", "/tags", listed)
    assert tag in listed.json()
    order = api.post(f"{base_url}/api/v1/orders", json={**ADDRESS, "products": [{"productcode": "ORD-MUG", "amount": 1}]}).json()
    added = api.post(f"{base_url}/api/v1/orders/{order['idorder']}/tags", json={"idtag": tag["idtag"]})
    assert_matches_openapi("POST", "/orders/{idorder}/tags", added)
    assert added.status_code == 200 and [t["idtag"] for t in added.json()] == [tag["idtag"]]
    assert [o["idorder"] for o in api.get(f"{base_url}/api/v1/orders?tag={title}").json()] == [order["idorder"]]
    on_order = api.get(f"{base_url}/api/v1/orders/{order['idorder']}/tags")
    assert_matches_openapi("GET", "/orders/{idorder}/tags", on_order)
    assert on_order.json() == [tag]
    shown = api.get(f"{base_url}/api/v1/orders/{order['idorder']}")
    assert_matches_openapi("GET", "/orders/{idorder}", shown)
    assert shown.json()["tags"] == {title: tag}
    assert [o["tags"] for o in api.get(f"{base_url}/api/v1/orders?tag={title}").json()] == [{title: tag}]
    other = client_session(operator, rpc.accounts.create_api_key(
        "customer", shop["other"]["idfulfilment_customer"], "other shop")["key"])
    assert other.get(f"{base_url}/api/v1/tags/{tag['idtag']}").status_code == 404
    assert other.post(f"{base_url}/api/v1/orders/{order['idorder']}/tags", json={"idtag": tag["idtag"]}).status_code == 404
    off = api.delete(f"{base_url}/api/v1/orders/{order['idorder']}/tags/{tag['idtag']}")
    assert_matches_openapi("DELETE", "/orders/{idorder}/tags/{idtag}", off)
    assert off.status_code == 204 and api.get(f"{base_url}/api/v1/orders/{order['idorder']}").json()["tags"] == []
    api.post(f"{base_url}/api/v1/orders/{order['idorder']}/tags", json={"idtag": tag["idtag"]})
    gone = api.delete(f"{base_url}/api/v1/tags/{tag['idtag']}")
    assert_matches_openapi("DELETE", "/tags/{idtag}", gone)
    assert gone.status_code == 204 and api.get(f"{base_url}/api/v1/orders/{order['idorder']}").json()["tags"] == []
    assert api.get(f"{base_url}/api/v1/tags/{tag['idtag']}").status_code == 404


def test_a_renamed_tag_is_renamed_on_its_orders_and_a_taken_title_is_a_conflict(operator, base_url, shop):
    api = client_session(operator, shop["key"])
    title, renamed = f"tag-{uuid.uuid4().hex[:6]}", f"Mosley-{uuid.uuid4().hex[:6]}"
    tag = api.post(f"{base_url}/api/v1/tags", json={"title": title, "color": "#a68198", "inherit": True}).json()
    order = api.post(f"{base_url}/api/v1/orders", json={**ADDRESS, "products": [{"productcode": "ORD-MUG", "amount": 1}]}).json()
    api.post(f"{base_url}/api/v1/orders/{order['idorder']}/tags", json={"idtag": tag["idtag"]})
    portal = portal_login(base_url, shop["customer"]["username"], "orders-password-1")
    page, listing = f"{base_url}/fulfilmentportal/orders/{order['idorder']}", f"{base_url}/fulfilmentportal/orders"
    assert title in portal.get(page).text
    changed = api.put(f"{base_url}/api/v1/tags/{tag['idtag']}", json={"name": renamed})  # Picqer's example's field
    assert_matches_openapi("PUT", "/tags/{idtag}", changed)
    assert changed.status_code == 200 and changed.json() == {**tag, "title": renamed}
    recoloured = api.put(f"{base_url}/api/v1/tags/{tag['idtag']}", json={"color": "#101010"}).json()
    assert recoloured == {**tag, "title": renamed, "color": "#101010", "textColor": "#ffffff"}
    assert api.get(f"{base_url}/api/v1/orders/{order['idorder']}").json()["tags"] == {renamed: recoloured}
    # The portal shows the order's tags by their names now: on the order (its tags and the form) and in the list.
    shown = portal.get(page).text
    assert renamed in shown and title not in shown and f'value="{renamed}"' in shown
    listed = portal.get(listing, params={"tag": renamed}).text
    assert order["orderid"] in listed and renamed in listed and title not in listed
    assert [o["idorder"] for o in api.get(f"{base_url}/api/v1/orders", params={"tag": renamed.upper()}).json()] == [
        order["idorder"]]
    other = api.post(f"{base_url}/api/v1/tags", json={"title": f"other-{title}"}).json()
    for conflict in (api.post(f"{base_url}/api/v1/tags", json={"title": renamed.upper()}),
                     api.put(f"{base_url}/api/v1/tags/{other['idtag']}", json={"title": renamed.lower()})):
        assert conflict.status_code == 409
        assert conflict.json() == {"error": True, "error_code": 136,
                                   "error_message": f"title: tag {tag['idtag']} is already called “{renamed}”."}
    assert_matches_openapi("PUT", "/tags/{idtag}", conflict)
    bad = api.put(f"{base_url}/api/v1/tags/{tag['idtag']}", json={"color": "red"})
    assert bad.status_code == 400 and "color" in bad.json()["error_message"]
