"""Tags as Picqer's /tags and on orders, through the gateway: each key reaches its own client's."""
from gateway_fakes import CUSTOMER_7, basic_auth

TAG = {"idtag": 3, "idfulfilment_customer": 7, "title": "Shopify", "color": "#823882", "inherit": False,
       "textColor": "#ffffff"}
ORDER = {"idorder": 31, "idfulfilment_customer": 7, "idwarehouse": None, "history": [], "comments": [], "products": []}


def test_a_customer_key_lists_and_makes_its_own_clients_tags(client, customer_headers, rpc):
    rpc.answer("orders", "list_tags", [TAG])
    rpc.answer("orders", "create_tag", TAG)
    assert client.get("/api/v1/tags", headers=customer_headers).get_json() == [TAG]
    assert rpc.calls[-1] == ("orders", "list_tags", (7, 0))
    made = client.post("/api/v1/tags", json={"title": "Shopify", "color": "#823882", "inherit": False},
                       headers=customer_headers)
    assert made.status_code == 201 and made.get_json() == TAG
    assert rpc.calls[-1] == ("orders", "create_tag", (7, {"title": "Shopify", "color": "#823882", "inherit": False}))
    assert client.post("/api/v1/tags", json={"title": "x", "idfulfilment_customer": 8},
                       headers=customer_headers).status_code == 403


def test_an_operator_key_sees_every_clients_tags_and_names_one_to_make_one(client, operator_headers, rpc):
    rpc.answer("orders", "list_tags_of_all_customers", [TAG])
    assert client.get("/api/v1/tags", headers=operator_headers).get_json() == [TAG]
    assert client.post("/api/v1/tags", json={"title": "x"}, headers=operator_headers).status_code == 400
    rpc.answer("orders", "get_tag_of_any_customer", TAG)
    assert client.delete("/api/v1/tags/3", headers=operator_headers).status_code == 204
    assert rpc.calls[-1] == ("orders", "delete_tag", (7, 3, "API key warehouse"))
    rpc.answer("orders", "update_tag", TAG)  # the tag's own client's
    assert client.put("/api/v1/tags/3", json={"inherit": True}, headers=operator_headers).status_code == 200
    assert rpc.calls[-1] == ("orders", "update_tag", (7, 3, {"inherit": True}))


def test_another_clients_tag_is_not_found(client, customer_headers, rpc):
    rpc.answer("orders", "get_tag", error=("TagNotFound", "tag 9 not found"))
    for response in (client.get("/api/v1/tags/9", headers=customer_headers),
                     client.delete("/api/v1/tags/9", headers=customer_headers)):
        assert (response.status_code, response.get_json()["error_code"]) == (404, 20)
    assert not any(call[1] == "delete_tag" for call in rpc.calls)


def test_tags_go_on_and_off_an_order_by_idtag(client, customer_headers, rpc):
    rpc.answer("orders", "get_order", ORDER)
    rpc.answer("orders", "add_order_tag", [TAG])
    rpc.answer("orders", "list_order_tags", [TAG])
    added = client.post("/api/v1/orders/31/tags", json={"idtag": 3}, headers=customer_headers)
    assert (added.status_code, added.get_json()) == (200, [TAG])
    assert rpc.calls[-1] == ("orders", "add_order_tag", (7, 31, 3, "API key shop"))
    assert client.get("/api/v1/orders/31/tags", headers=customer_headers).get_json() == [TAG]
    assert client.delete("/api/v1/orders/31/tags/3", headers=customer_headers).status_code == 204
    assert rpc.calls[-1] == ("orders", "remove_order_tag", (7, 31, 3, "API key shop"))


def test_a_key_without_ordering_reads_tags_but_changes_none(client, rpc):
    rpc.answer("accounts", "authenticate_api_key", {**CUSTOMER_7, "permissions": ["products"]})
    rpc.answer("orders", "list_tags", [TAG])
    headers = basic_auth("reader")
    assert client.get("/api/v1/tags", headers=headers).status_code == 200
    assert client.post("/api/v1/tags", json={"title": "x"}, headers=headers).status_code == 403
    assert client.delete("/api/v1/tags/3", headers=headers).status_code == 403
    assert client.put("/api/v1/tags/3", json={"title": "x"}, headers=headers).status_code == 403


def test_a_tag_is_renamed_with_picqers_name_or_title_and_a_taken_title_is_a_conflict(client, customer_headers, rpc):
    rpc.answer("orders", "get_tag", TAG)
    rpc.answer("orders", "update_tag", {**TAG, "title": "Mosley"})
    renamed = client.put("/api/v1/tags/3", json={"name": "Mosley"}, headers=customer_headers)
    assert (renamed.status_code, renamed.get_json()["title"]) == (200, "Mosley")
    assert rpc.calls[-1] == ("orders", "update_tag", (7, 3, {"title": "Mosley"}))
    client.put("/api/v1/tags/3", json={"color": "#000000"}, headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "update_tag", (7, 3, {"color": "#000000"}))
    rpc.answer("orders", "update_tag", error=("DuplicateTagTitle", "title: tag 4 is already called “Gift”."))
    rpc.answer("orders", "create_tag", error=("DuplicateTagTitle", "title: tag 4 is already called “Gift”."))
    for response in (client.put("/api/v1/tags/3", json={"title": "gift"}, headers=customer_headers),
                     client.post("/api/v1/tags", json={"title": "gift"}, headers=customer_headers)):
        assert response.status_code == 409
        assert response.get_json() == {"error": True, "error_code": 136,
                                       "error_message": "title: tag 4 is already called “Gift”."}


def test_another_clients_tag_is_not_renamed(client, customer_headers, rpc):
    rpc.answer("orders", "get_tag", error=("TagNotFound", "tag 9 not found"))
    response = client.put("/api/v1/tags/9", json={"title": "x"}, headers=customer_headers)
    assert (response.status_code, response.get_json()["error_code"]) == (404, 20)
    assert not any(call[1] == "update_tag" for call in rpc.calls)
