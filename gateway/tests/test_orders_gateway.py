"""Orders through the API and the portal, with the services faked by their contracts."""
import pytest
from gateway_fakes import USER_7, csrf_token

ORDER = {"idorder": 31, "idfulfilment_customer": 7, "orderid": "2026000031", "reference": "SHOP-1", "source": "api",
         "status": "concept", "changeable_by_client": True, "changes_allowed_until": "picking", "deliveryname": "Jan Jansen", "deliverycontactname": None,
         "deliveryaddress": "Dorpsstraat 1", "deliveryaddress2": None, "deliveryzipcode": "1234 AB",
         "deliverycity": "Utrecht", "deliverycountry": "NL", "customer_remarks": None, "created_by": "API key shop",
         "created": "2026-11-23T16:00:00+00:00", "updated": "2026-11-23T16:00:00+00:00",
         "products": [{"idorder_product": 1, "idproduct": 5, "productcode": "MUG-1", "name": "Mug", "price": "4.50", "amount": 2,
                       "allocated": 0, "backordered": 0, "shipped": 0}],
         "history": [{"changed_by": "API key shop", "change": "created", "details": {}, "created_at": "2026-11-23T16:00:00+00:00"}],
         "tags": {"urgent": {"idtag": 3, "idfulfilment_customer": 7, "title": "urgent", "color": "#a68198",
                             "inherit": False, "textColor": "#000000"}},
         "comments": []}
BODY = {"deliveryname": "Jan Jansen", "products": [{"productcode": "MUG-1", "amount": 2}]}


def test_customer_key_creates_an_order_for_its_own_customer_only(client, rpc, customer_headers):
    rpc.answer("orders", "create_order", {"order": ORDER, "created": True})
    response = client.post("/api/v1/orders", json={**BODY, "idfulfilment_customer": 7},
                           headers={**customer_headers, "Idempotency-Key": "k-1"})
    assert response.status_code == 201 and response.get_json()["created"] == "2026-11-23 16:00:00"
    assert rpc.calls[-1] == ("orders", "create_order", (7, BODY, "api", "API key shop", "k-1"))
    refused = client.post("/api/v1/orders", json={**BODY, "idfulfilment_customer": 8}, headers=customer_headers)
    assert refused.status_code == 403


def test_a_repeated_create_answers_200_with_the_first_order(client, rpc, customer_headers):
    rpc.answer("orders", "create_order", {"order": ORDER, "created": False})
    response = client.post("/api/v1/orders", json=BODY, headers=customer_headers)
    assert response.status_code == 200 and response.get_json()["idorder"] == 31


def test_operator_must_name_the_customer_of_a_new_order(client, operator_headers):
    response = client.post("/api/v1/orders", json=BODY, headers=operator_headers)
    assert response.status_code == 400 and "idfulfilment_customer" in response.get_json()["error_message"]


def test_cancelling_a_picked_order_is_refused_with_the_reason(client, rpc, customer_headers):
    rpc.answer("orders", "cancel_order", error=("OrderLocked", "Order 31 is already picking: it can no longer be cancelled."))
    response = client.delete("/api/v1/orders/31", headers=customer_headers)
    assert response.status_code == 409 and "no longer be cancelled" in response.get_json()["error_message"]
    assert rpc.calls[-1] == ("orders", "cancel_order", (7, 31, "API key shop", False))  # held to the client's rule


def test_operator_cancels_any_customers_order_as_the_warehouse(client, rpc, operator_headers):
    rpc.answer("orders", "get_order_of_any_customer", ORDER)
    rpc.answer("orders", "cancel_order", {**ORDER, "status": "cancelled"})
    assert client.delete("/api/v1/orders/31", headers=operator_headers).get_json()["status"] == "cancelled"
    # As the warehouse: held to "until picking starts", not to the client's own rule.
    assert ("orders", "cancel_order", (7, 31, "API key warehouse", True)) in rpc.calls


def test_portal_order_list_filters_for_the_session_customer(logged_in, rpc):
    rpc.answer("orders", "list_orders", [ORDER])
    html = logged_in.get("/fulfilmentportal/orders?status=concept&source=bogus&search=SHOP").get_data(as_text=True)
    assert "2026000031" in html and "<bdi>Jan Jansen</bdi>, <bdi>Utrecht</bdi>" in html
    assert ("orders", "list_orders", (7, 0, {"status": "concept", "search": "SHOP"})) in rpc.calls


# Every step orders writes in an order's history (services/orders: OrderChange(change=...)).
HISTORY_STEPS = ("created", "processed", "not processed", "not processed at once", "backorder filled", "cancelled",
                 "delivery address changed", "tags changed", "picklist created", "picking started",
                 "picklist closed", "shipped", "shipment cancelled", "return announced", "completed")


def test_every_step_of_an_orders_history_is_told_in_the_users_language(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    rpc.answer("orders", "get_order", {**ORDER, "history": [
        {"changed_by": "warehouse", "change": step, "details": {}, "created_at": "2026-11-23T16:00:00+00:00"}
        for step in HISTORY_STEPS]})
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    history = html[html.index('<ul class="history">'):]
    history = history[:history.index("</ul>")]
    told = [item.split("</li>")[0].rsplit(" · ", 1)[1] for item in history.split("<li>")[1:]]
    assert len(told) == len(HISTORY_STEPS) and not set(told) & set(HISTORY_STEPS), told
    assert "heeft een pakket verzonden" in told and "heeft de bestelling afgerond" in told


def test_portal_order_page_hides_cancel_without_the_ordering_permission(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": []})
    rpc.answer("orders", "get_order", ORDER)
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert "MUG-1" in html and "Cancel order" not in html
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    assert "Cancel order" in logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)


def test_portal_cancel_needs_the_permission_and_a_csrf_token(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": []})
    rpc.answer("orders", "get_order", ORDER)
    token = csrf_token(logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True))
    assert logged_in.post("/fulfilmentportal/orders/31/cancel", data={"csrf_token": token}).status_code == 403
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("orders", "cancel_order", {**ORDER, "status": "cancelled"})
    response = logged_in.post("/fulfilmentportal/orders/31/cancel", data={"csrf_token": token})
    assert response.status_code == 302 and rpc.calls[-1] == ("orders", "cancel_order", (7, 31, "anna"))


def test_another_customers_order_is_a_404_page(logged_in, rpc):
    rpc.answer("orders", "get_order", error=("OrderNotFound", "order 31 not found"))
    assert logged_in.get("/fulfilmentportal/orders/31").status_code == 404


def test_operator_processes_an_order_in_the_customers_preferred_warehouse(client, rpc, operator_headers):
    rpc.answer("orders", "get_order_of_any_customer", ORDER)
    rpc.answer("accounts", "get_customer", {"idfulfilment_customer": 7, "preferred_idwarehouse": 2})
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 2, "name": "Tilburg"}])
    rpc.answer("orders", "process_order", {**ORDER, "status": "processing", "processed": "2026-11-23T17:00:00+00:00"})
    response = client.post("/api/v1/orders/31/process", headers=operator_headers)
    assert response.status_code == 200 and response.get_json()["processed"] == "2026-11-23 17:00:00"
    assert rpc.calls[-1] == ("orders", "process_order", (7, 31, 2, "API key warehouse"))


def test_processing_needs_a_warehouse_that_exists(client, rpc, operator_headers):
    rpc.answer("orders", "get_order_of_any_customer", ORDER)
    rpc.answer("accounts", "get_customer", {"idfulfilment_customer": 7, "preferred_idwarehouse": None})
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 2, "name": "Tilburg"}])
    assert "idwarehouse: required" in client.post("/api/v1/orders/31/process", headers=operator_headers).get_json()["error_message"]
    response = client.post("/api/v1/orders/31/process", json={"idwarehouse": 9}, headers=operator_headers)
    assert response.status_code == 400 and "warehouse 9 does not exist" in response.get_json()["error_message"]


def test_a_customer_key_processes_its_own_order_in_the_operators_default_warehouse(app, client, rpc, customer_headers):
    app.config["DEFAULT_IDWAREHOUSE"] = 3
    rpc.answer("orders", "get_order", ORDER)
    rpc.answer("accounts", "get_customer", {"idfulfilment_customer": 7, "preferred_idwarehouse": None})
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 3, "name": "Venlo"}])
    rpc.answer("orders", "process_order", {**ORDER, "status": "processing", "idwarehouse": 3})
    response = client.post("/api/v1/orders/31/process", headers=customer_headers)
    assert (response.status_code, response.get_json()["idwarehouse"]) == (200, 3)
    assert rpc.calls[-1] == ("orders", "process_order", (7, 31, 3, "API key shop"))
    rpc.answer("orders", "get_order", error=("OrderNotFound", "order 32 not found"))
    assert client.post("/api/v1/orders/32/process", headers=customer_headers).status_code == 404


def test_backorders_are_listed_for_the_key_customer_with_filters(client, rpc, customer_headers):
    backorder = {"idbackorder": 1, "idorder": 31, "idorder_product": 1, "idfulfilment_customer": 7, "idproduct": 5,
                 "productcode": "MUG-1", "name": "Mug", "idwarehouse": 2, "amount": 3,
                 "created": "2026-11-23T17:00:00+00:00"}
    rpc.answer("orders", "list_backorders", [backorder])
    response = client.get("/api/v1/backorders?idproduct=5", headers=customer_headers)
    assert response.get_json()[0]["created"] == "2026-11-23 17:00:00"
    assert rpc.calls[-1] == ("orders", "list_backorders", (7, 0, {"idproduct": 5}))
    rpc.answer("orders", "get_order", ORDER)
    client.get("/api/v1/orders/31/backorders", headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "list_backorders", (7, 0, {"idorder": 31}))


def test_portal_backorders_page_shows_what_orders_wait_for(logged_in, rpc):
    rpc.answer("orders", "list_backorders", [])
    assert "No backorders" in logged_in.get("/fulfilmentportal/backorders").get_data(as_text=True)
    assert ("orders", "list_backorders", (7, 0, None)) in rpc.calls


ADDRESS_FORM = {"deliveryname": "Piet Puk", "deliveryaddress": "Kerkstraat 9", "deliveryzipcode": "9999 ZZ",
                "deliverycity": "Groningen", "deliverycountry": "NL"}


def ordering_user(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("orders", "get_order", ORDER)
    return csrf_token(logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True))


def test_portal_changes_the_delivery_address(logged_in, rpc):
    token = ordering_user(logged_in, rpc)
    rpc.answer("orders", "change_delivery_address", ORDER)
    response = logged_in.post("/fulfilmentportal/orders/31", data={**ADDRESS_FORM, "csrf_token": token})
    assert response.status_code == 302
    assert rpc.calls[-1] == ("orders", "change_delivery_address", (7, 31, {**ADDRESS_FORM, "deliverycontactname": None,
                                                                        "deliveryaddress2": None}, "anna"))


def test_portal_address_form_errors_are_shown_not_sent(logged_in, rpc):
    token = ordering_user(logged_in, rpc)
    response = logged_in.post("/fulfilmentportal/orders/31",
                              data={**ADDRESS_FORM, "deliverycity": "", "deliverycountry": "XX", "csrf_token": token})
    assert response.status_code == 400 and 'class="field-error"' in response.get_data(as_text=True)
    assert not any(call[1] == "change_delivery_address" for call in rpc.calls)


def order_again(logged_in, rpc, current_details: dict):
    token = ordering_user(logged_in, rpc)
    rpc.answer("orders", "import_current_order_lines", {"imported": 1, "errors": []})
    rpc.answer("orders", "get_current_order", {"details": current_details, "version": 3, "lines": [],
                                               "line_count": 1, "offset": 0})
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 4})
    return logged_in.post("/fulfilmentportal/orders/31/order-again", data={"csrf_token": token})


def test_order_again_fills_the_current_order_to_check_and_places_nothing(logged_in, rpc):
    response = order_again(logged_in, rpc, {"customer_remarks": "ring twice"})
    assert response.status_code == 302 and response.location.endswith("/fulfilmentportal/current-order")
    assert ("orders", "import_current_order_lines", (7, 3, [{"row": 1, "productcode": "MUG-1", "amount": 2}])) in rpc.calls
    saved = next(call for call in rpc.calls if call[1] == "update_current_order")[2][2]
    assert saved == {"customer_remarks": "ring twice", "deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1",
                     "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "NL"}
    assert not any(call[1] in ("place_current_order", "create_order") for call in rpc.calls)


def test_order_again_keeps_an_address_already_typed_in_the_current_order(logged_in, rpc):
    order_again(logged_in, rpc, {"deliveryname": "Someone else"})
    assert not any(call[1] == "update_current_order" for call in rpc.calls)


def test_order_again_says_which_products_can_no_longer_be_ordered(logged_in, rpc):
    token = ordering_user(logged_in, rpc)
    rpc.answer("orders", "import_current_order_lines", {"imported": 0, "errors": [
        {"row": 1, "field": "productcode", "message": "unknown product code MUG-1"}]})
    page = logged_in.post("/fulfilmentportal/orders/31/order-again", data={"csrf_token": token}, follow_redirects=True)
    assert "MUG-1 can no longer be ordered" in page.get_data(as_text=True)


def test_api_changes_the_address_of_the_keys_own_order(client, rpc, customer_headers):
    rpc.answer("orders", "get_order", ORDER)
    rpc.answer("orders", "update_order", ORDER)
    assert client.put("/api/v1/orders/31", json=ADDRESS_FORM, headers=customer_headers).status_code == 200
    assert rpc.calls[-1] == ("orders", "update_order", (7, 31, ADDRESS_FORM, "API key shop", False))


def test_api_put_passes_only_the_contact_fields_named_and_drops_picqers_unkept_ones(client, rpc, customer_headers):
    rpc.answer("orders", "get_order", ORDER)
    rpc.answer("orders", "update_order", ORDER)
    body = {"telephone": "+31 6 1234 5678", "invoicecountry": "be", "invoiceregion": "Antwerpen", "language": "nl"}
    assert client.put("/api/v1/orders/31", json=body, headers=customer_headers).status_code == 200
    assert rpc.calls[-1] == ("orders", "update_order", (7, 31, {"telephone": "+31 6 1234 5678", "invoicecountry": "be"},
                                                        "API key shop", False))


def test_api_lists_orders_by_tag_and_picqer_date_range(client, rpc, customer_headers):
    rpc.answer("orders", "list_orders", [ORDER])
    client.get("/api/v1/orders?tag=urgent&sincedate=2026-11-01&untildate=2026-11-30", headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "list_orders", (7, 0, {"tag": "urgent", "created_from": "2026-11-01",
                                                               "created_until": "2026-11-30"}))


def test_api_comments_and_tags(client, rpc, customer_headers):
    comment = {"idcomment": 1, "author": "API key shop", "body": "Side door", "created_at": "2026-11-23T16:05:00+00:00"}
    rpc.answer("orders", "get_order", ORDER)
    rpc.answer("orders", "add_order_comment", {**ORDER, "comments": [comment]})
    response = client.post("/api/v1/orders/31/comments", json={"body": "Side door"}, headers=customer_headers)
    assert response.status_code == 201 and response.get_json()["created_at"] == "2026-11-23 16:05:00"
    rpc.answer("orders", "set_order_tags", {**ORDER, "tags": []})
    assert client.put("/api/v1/orders/31/tags", json={"tags": []}, headers=customer_headers).get_json()["tags"] == []
    assert rpc.calls[-1] == ("orders", "set_order_tags", (7, 31, [], "API key shop"))
    # The order's tags as read (Picqer's object keyed by title) are passed on for orders to read.
    client.put("/api/v1/orders/31/tags", json={"tags": ORDER["tags"]}, headers=customer_headers)
    assert rpc.calls[-1] == ("orders", "set_order_tags", (7, 31, ORDER["tags"], "API key shop"))


def test_portal_comment_and_tags(logged_in, rpc):
    token = ordering_user(logged_in, rpc)
    rpc.answer("orders", "add_order_comment", ORDER)
    logged_in.post("/fulfilmentportal/orders/31/comments", data={"body": "Side door", "csrf_token": token})
    assert rpc.calls[-1] == ("orders", "add_order_comment", (7, 31, "Side door", "anna"))
    rpc.answer("orders", "set_order_tags", ORDER)
    logged_in.post("/fulfilmentportal/orders/31/tags", data={"tags": "urgent, b2b ,", "csrf_token": token})
    assert rpc.calls[-1] == ("orders", "set_order_tags", (7, 31, ["urgent", "b2b"], "anna"))


def test_portal_order_list_filters_by_tag_and_dates(logged_in, rpc):
    rpc.answer("orders", "list_orders", [ORDER])
    html = logged_in.get("/fulfilmentportal/orders?tag=urgent&created_from=2026-11-01&created_until=nonsense").get_data(as_text=True)
    assert ("orders", "list_orders", (7, 0, {"tag": "urgent", "created_from": "2026-11-01"})) in rpc.calls
    assert 'class="tag"' in html


@pytest.mark.parametrize("change,says", [
    ({}, "You can change the delivery address or cancel this order until picking starts."),
    ({"changes_allowed_until": "processing"},
     "You can change the delivery address or cancel this order until the warehouse processes it."),
    ({"status": "processing", "changeable_by_client": False, "changes_allowed_until": "processing"},
     "This order can no longer be changed or cancelled: the warehouse has processed it, and your orders can be "
     "changed only until the warehouse processes them."),
    ({"status": "processing", "picking_started": True, "changeable_by_client": False},
     "This order can no longer be changed or cancelled: the warehouse has started picking it."),
    ({"status": "completed", "picking_started": True, "changeable_by_client": False},
     "This order can no longer be changed or cancelled: it has been shipped."),
])
def test_portal_order_page_says_until_when_it_may_be_changed(logged_in, rpc, change, says):
    rpc.answer("orders", "get_order", {**ORDER, **change})
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert says in html
    assert ("Cancel order" in html) == ({**ORDER, **change}["changeable_by_client"])


def test_cancelled_order_page_states_no_rule(logged_in, rpc):
    rpc.answer("orders", "get_order", {**ORDER, "status": "cancelled", "changeable_by_client": False})
    assert 'data-testid="change-rule"' not in logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)


def test_portal_cancel_refused_by_the_clients_rule_says_why(logged_in, rpc):
    rpc.answer("orders", "get_order", ORDER)
    token = csrf_token(logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True))
    rpc.answer("orders", "cancel_order", error=("OrderLocked", "Order 31 is already processing: ..."))
    rpc.answer("orders", "get_order", {**ORDER, "status": "processing", "changeable_by_client": False,
                                       "changes_allowed_until": "processing"})
    page = logged_in.post("/fulfilmentportal/orders/31/cancel", data={"csrf_token": token}, follow_redirects=True)
    assert ("This order can no longer be cancelled: the warehouse has processed it, and your orders can be "
            "changed only until the warehouse processes them.") in page.get_data(as_text=True)


def test_an_order_waiting_for_stock_says_what_is_missing_and_the_dashboard_counts_it(logged_in, rpc):
    lines = [{**ORDER["products"][0], "amount": 5, "allocated": 2, "backordered": 3},
             {**ORDER["products"][0], "idorder_product": 2, "productcode": "CUP-1", "name": "Cup", "backordered": 0}]
    rpc.answer("orders", "get_order", {**ORDER, "status": "processing", "products": lines})
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    notice = html.split('data-testid="waiting-for-stock"')[1].split("</div>")[0]
    assert "3 × <bdi>MUG-1</bdi> <bdi>Mug</bdi>" in notice and "CUP-1" not in notice
    rpc.answer("orders", "get_order", {**ORDER, "status": "cancelled", "products": lines})
    assert "waiting-for-stock" not in logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    rpc.answer("orders", "count_backordered_orders", 2)
    html = logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert "2 orders are waiting for stock." in html and "/fulfilmentportal/backorders" in html
    rpc.answer("orders", "count_backordered_orders", 0)
    assert "backordered-notice" not in logged_in.get("/fulfilmentportal/").get_data(as_text=True)


def test_portal_order_page_says_when_its_stock_is_still_being_reserved(logged_in, rpc):
    rpc.answer("orders", "get_order", {**ORDER, "status": "processing", "stock_reservation": "asked"})
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert 'data-testid="reserving-stock"' in html and "reserving the stock" in html
    rpc.answer("orders", "get_order", {**ORDER, "status": "processing", "stock_reservation": "recorded"})
    assert 'data-testid="reserving-stock"' not in logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)


def test_notes_are_picqers_name_for_comments(client, rpc, customer_headers):
    comment = {"idcomment": 3, "author": "API key shop", "body": "Side door", "created_at": "2026-11-23T17:00:00+00:00"}
    rpc.answer("orders", "get_order", {**ORDER, "comments": [comment]})
    rpc.answer("orders", "add_order_comment", {**ORDER, "comments": [comment]})
    note = {"idorder_note": 3, "note": "Side door", "author": "API key shop", "created": "2026-11-23 17:00:00"}
    assert client.get("/api/v1/orders/31/notes", headers=customer_headers).get_json() == [note]
    added = client.post("/api/v1/orders/31/notes", json={"note": "Side door"}, headers=customer_headers)
    assert (added.status_code, added.get_json()) == (201, note)
    assert rpc.calls[-1] == ("orders", "add_order_comment", (7, 31, "Side door", "API key shop"))


def test_portal_order_page_shows_its_totals_and_the_recipients_email_and_telephone(logged_in, rpc):
    rpc.answer("orders", "get_order", {
        **ORDER, "emailaddress": "jan@example.nl", "telephone": "+31 6 1234 5678",
        "products": [*ORDER["products"], {**ORDER["products"][0], "idorder_product": 2, "productcode": "CUP-1",
                                          "price": "3.00", "amount": 1}]})
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    totals = html.split('data-testid="order-totals"')[1].split("</p>")[0]
    assert "3 items" in totals and "12.00" in totals  # 2 × 4.50 + 1 × 3.00
    assert "jan@example.nl" in html and "+31 6 1234 5678" in html
