"""The current order in the portal, with the services faked by their contracts."""
import pytest
from gateway_fakes import USER_7, csrf_token

CURRENT = {"details": {"deliveryname": "Jan"}, "version": 4,
           "lines": [{"idproduct": 5, "amount": 2, "productcode": "MUG-1", "name": "Mug", "price": "4.50",
                      "freestock": 1, "available": True}], "line_count": 1, "offset": 0,
           "totals": {"items": 2, "total": "9.00"}}
RULES = {"changes_allowed_until": "picking", "process_orders_at_once": False, "preferred_idwarehouse": None}
DETAILS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL", "reference": "", "customer_remarks": "Ring twice"}


def orderer(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    rpc.answer("orders", "count_current_order_lines", {"amounts": {"5": 2}})
    rpc.answer("orders", "get_current_order", CURRENT)
    rpc.answer("orders", "get_order_rules", RULES)
    rpc.answer("catalog", "list_products", [{"idproduct": 5, "productcode": "MUG-1", "name": "Mug", "freestock": 1},
                                            {"idproduct": 6, "productcode": "CUP-1", "name": "Cup", "freestock": 0}])
    return csrf_token(logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True))


def test_every_page_shows_the_current_order_in_its_corner(logged_in, rpc):
    orderer(logged_in, rpc)
    rpc.answer("catalog", "count_products", 3)
    html = logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert 'data-testid="current-order"' in html and '<span class="count">1</span>' in html


def test_without_the_ordering_permission_there_is_no_current_order(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": []})
    rpc.answer("catalog", "count_products", 3)
    assert 'data-testid="current-order"' not in logged_in.get("/fulfilmentportal/").get_data(as_text=True)
    assert logged_in.get("/fulfilmentportal/current-order").status_code == 403


def test_search_shows_free_stock_and_marks_what_is_already_in_the_order(logged_in, rpc):
    orderer(logged_in, rpc)
    html = logged_in.get("/fulfilmentportal/current-order?search=mu").get_data(as_text=True)
    assert "✓ 2" in html and "CUP-1" in html
    assert ("catalog", "list_products", (7, 0, "mu", None)) in rpc.calls


def test_adding_a_product_sets_its_amount_for_this_user(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "set_current_order_line", {"amounts": {"5": 2, "6": 3}})
    response = logged_in.post("/fulfilmentportal/current-order/lines",
                              data={"idproduct": "6", "amount": "3", "csrf_token": token,
                                    "next": "/fulfilmentportal/current-order?search=cu"})
    assert response.location.endswith("/fulfilmentportal/current-order?search=cu")
    assert rpc.calls[-1] == ("orders", "set_current_order_line", (7, 3, 6, 3))


def test_placing_saves_the_details_then_places_the_version_seen(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    rpc.answer("orders", "place_current_order", {"idorder": 40, "status": "concept"})
    response = logged_in.post("/fulfilmentportal/current-order",
                              data={**DETAILS, "version": "4", "action": "place", "csrf_token": token})
    assert response.location.endswith("/fulfilmentportal/orders/40")
    assert rpc.calls[-1] == ("orders", "place_current_order", (7, 3, 5, "anna"))
    saved = next(call for call in rpc.calls if call[1] == "update_current_order")[2][2]
    assert saved["customer_remarks"] == "Ring twice" and "reference" not in saved  # empty: left out


def test_an_order_changed_in_another_tab_is_not_placed_unseen(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 9})  # others changed it meanwhile
    rpc.answer("orders", "place_current_order", error=("InvalidOrder", "The current order changed meanwhile; please check it and place it again."))
    response = logged_in.post("/fulfilmentportal/current-order",
                              data={**DETAILS, "version": "4", "action": "place", "csrf_token": token})
    assert response.location.endswith("/fulfilmentportal/current-order")
    assert rpc.calls[-1] == ("orders", "place_current_order", (7, 3, -1, "anna"))


def test_remove_takes_the_product_out_whatever_amount_is_typed(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "set_current_order_line", {"amounts": {}})
    logged_in.post("/fulfilmentportal/current-order/lines",
                   data={"idproduct": "5", "amount": "2", "remove": "1", "csrf_token": token})
    assert rpc.calls[-1] == ("orders", "set_current_order_line", (7, 3, 5, 0))


def test_the_delivery_form_asks_in_the_order_an_address_is_written(logged_in, rpc):
    orderer(logged_in, rpc)
    html = logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
    positions = [html.index(f'id="{name}"') for name in ("deliveryname", "deliverycontactname", "deliveryaddress",
                                                           "deliveryzipcode", "deliverycity", "deliverycountry")]
    assert positions == sorted(positions)


@pytest.mark.parametrize("rules,says", [
    ({}, ["A placed order goes to the warehouse to check first", "until picking starts"]),
    ({"process_orders_at_once": True, "preferred_idwarehouse": 1, "changes_allowed_until": "processing"},
     ["A placed order is processed at once", "until the warehouse processes it"]),
    ({"process_orders_at_once": True},
     ["goes to the warehouse to check and process first", "no warehouse has been set for you yet"]),
])
def test_the_page_says_what_happens_to_a_placed_order(logged_in, rpc, rules, says):
    orderer(logged_in, rpc)
    rpc.answer("orders", "get_order_rules", {**RULES, **rules})
    html = logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
    notice = html[html.index('data-testid="order-rules"'):]
    notice = " ".join(notice[:notice.index("</div>")].split())
    for words in says:
        assert words in notice
    assert ("orders", "get_order_rules", (7,)) in rpc.calls


def test_an_order_processed_at_once_is_announced_as_such(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    rpc.answer("orders", "place_current_order", {"idorder": 40, "status": "processing"})
    logged_in.post("/fulfilmentportal/current-order",
                   data={**DETAILS, "version": "4", "action": "place", "csrf_token": token})
    with logged_in.session_transaction() as session:
        assert ("message", "Your order has been placed and processed at once: its stock is reserved.") in \
            session.get("_flashes", [])


BOOK = [{"idaddress": 12, "idfulfilment_customer": 7, "name": "Shop Utrecht", "contactname": "Els",
         "address": "Oudegracht 10", "address2": None, "zipcode": "3511 AB", "city": "Utrecht", "country": "NL",
         "emailaddress": "els@shop.example", "telephone": "030 123 4567"}]


def saved_details(rpc) -> dict:
    return [call for call in rpc.calls if call[1] == "update_current_order"][-1][2][2]


def test_an_address_from_the_address_book_fills_the_delivery_address_and_keeps_the_reference(logged_in, rpc):
    rpc.answer("accounts", "list_addresses", BOOK)
    token = orderer(logged_in, rpc)
    assert 'data-testid="address-book-pick"' in logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
    rpc.answer("accounts", "get_address", lambda customer_id, address_id: {**BOOK[0], "idaddress": address_id})
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    response = logged_in.post("/fulfilmentportal/current-order", data={
        **DETAILS, "reference": "PO-7", "saved_address": "12", "action": "use_address", "csrf_token": token})
    assert response.location.endswith("/fulfilmentportal/current-order")
    assert ("accounts", "get_address", (7, 12)) in rpc.calls  # asked as the signed-in client
    assert saved_details(rpc) == {"deliveryname": "Shop Utrecht", "deliverycontactname": "Els",
                                  "deliveryaddress": "Oudegracht 10",
                                  "deliveryzipcode": "3511 AB", "deliverycity": "Utrecht", "deliverycountry": "NL",
                                  "emailaddress": "els@shop.example", "telephone": "030 123 4567",
                                  "reference": "PO-7", "customer_remarks": "Ring twice"}


def test_an_entry_not_in_the_clients_address_book_is_refused(logged_in, rpc):
    rpc.answer("accounts", "list_addresses", BOOK)
    token = orderer(logged_in, rpc)
    response = logged_in.post("/fulfilmentportal/current-order", data={
        **DETAILS, "saved_address": "99", "action": "use_address", "csrf_token": token})
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)
    assert not any(call[1] in ("get_address", "update_current_order") for call in rpc.calls)


def test_the_typed_address_is_saved_to_the_address_book_once(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    rpc.answer("accounts", "create_address", BOOK[0])
    form = {**DETAILS, "telephone": "06 1234 5678", "save_to_address_book": "y", "action": "save", "csrf_token": token}
    assert logged_in.post("/fulfilmentportal/current-order", data=form).status_code == 302
    assert ("accounts", "create_address", (7, {
        "name": "Jan Jansen", "contactname": None, "address": "Dorpsstraat 1", "address2": None,
        "zipcode": "1234 AB", "city": "Utrecht", "country": "NL", "emailaddress": None,
        "telephone": "06 1234 5678"})) in rpc.calls
    rpc.answer("accounts", "list_addresses", [{**BOOK[0], "name": "Jan Jansen", "contactname": None,
                                               "address": "Dorpsstraat 1", "zipcode": "1234 AB",
                                               "emailaddress": None, "telephone": "06 1234 5678"}])
    rpc.calls.clear()
    assert logged_in.post("/fulfilmentportal/current-order", data=form).status_code == 302
    assert not any(call[1] == "create_address" for call in rpc.calls)  # already in the book


def test_an_incomplete_address_is_not_saved_to_the_book_and_says_why(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    rpc.answer("accounts", "create_address", error=("InvalidAddress", "city: Missing data for required field."))
    response = logged_in.post("/fulfilmentportal/current-order", data={
        **DETAILS, "deliverycity": "", "save_to_address_book": "y", "action": "place", "csrf_token": token})
    assert response.status_code == 400
    assert "Not saved to the address book: please correct the fields marked." in response.get_data(as_text=True)
    assert not any(call[1] == "place_current_order" for call in rpc.calls)


def test_a_long_current_order_shows_a_page_of_lines_with_the_range_and_stays_there_on_update(logged_in, rpc):
    orderer(logged_in, rpc)
    line = CURRENT["lines"][0]
    page = {**CURRENT, "lines": [{**line, "idproduct": 100 + n} for n in range(100)], "line_count": 10_000,
            "offset": 200}
    rpc.answer("orders", "get_current_order", page)
    html = logged_in.get("/fulfilmentportal/current-order?offset=200").get_data(as_text=True)
    assert ("orders", "get_current_order", (7, 3, 200)) in rpc.calls
    assert "Lines 201–300 of 10,000" in html
    assert 'name="next" value="/fulfilmentportal/current-order?offset=200"' in html
    assert "offset=100" in html and "offset=300" in html and "Place order" in html
    rpc.answer("orders", "get_current_order", {**page, "lines": [], "offset": 20_000})
    assert "Back to the first lines" in logged_in.get("/fulfilmentportal/current-order?offset=20000").get_data(as_text=True)


PROVIDERS = [{"idshippingprovider": 2, "name": "PostNL main", "provider": "PostNL", "carrier_key": "postnl",
              "public_providername": "PostNL", "tracktraceurl_pattern": "https://postnl.nl/tt/{trackingcode}",
              "active": True, "created": None, "updated": None,
              "profiles": [{"idshippingprovider_profile": 5, "name": "Evening", "active": True,
                            "created": None, "updated": None}]}]


def test_the_client_chooses_one_of_its_shipping_methods(logged_in, rpc):
    rpc.answer("orders", "list_shipping_providers_for_customer", PROVIDERS)
    token = orderer(logged_in, rpc)
    html = logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
    assert '<option value="5">PostNL – Evening</option>' in html and "The warehouse chooses" in html
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    logged_in.post("/fulfilmentportal/current-order",
                   data={**DETAILS, "idshippingprovider_profile": "5", "version": "4", "action": "save",
                         "csrf_token": token})
    assert saved_details(rpc)["idshippingprovider_profile"] == 5
    rpc.answer("orders", "get_current_order", {**CURRENT, "details": {"idshippingprovider_profile": 5}})
    assert '<option selected value="5">' in logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)


def test_a_method_the_client_may_not_choose_is_refused_on_the_form(logged_in, rpc):
    token = orderer(logged_in, rpc)
    response = logged_in.post("/fulfilmentportal/current-order",
                              data={**DETAILS, "idshippingprovider_profile": "9", "version": "4", "action": "save",
                                    "csrf_token": token})
    assert response.status_code == 400 and "Not a valid choice" in response.get_data(as_text=True)


def test_details_kept_before_a_search_are_saved_quietly_and_nothing_else_happens(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    response = logged_in.post("/fulfilmentportal/current-order",
                              data={**DETAILS, "save_to_address_book": "y", "action": "keep", "csrf_token": token})
    assert response.status_code == 204
    assert [call[1] for call in rpc.calls[-1:]] == ["update_current_order"]  # not placed, not saved to the book
    assert "Saved." not in logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)


def test_a_refused_details_form_is_shown_at_the_pages_own_address(logged_in, rpc):
    token = orderer(logged_in, rpc)
    response = logged_in.post("/fulfilmentportal/current-order",
                              data={**DETAILS, "deliverycountry": "ZZ", "action": "save", "csrf_token": token})
    assert response.status_code == 400 and 'class="field-error"' in response.get_data(as_text=True)
    assert 'action="/fulfilmentportal/current-order"' in response.get_data(as_text=True)


def test_the_country_offered_first_is_the_clients_own_until_one_is_chosen(logged_in, rpc):
    orderer(logged_in, rpc)
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"], "customer_country": "BE"})
    html = logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
    assert '<option selected value="BE">' in html
    rpc.answer("orders", "get_current_order", {**CURRENT, "details": {"deliverycountry": "DE"}})
    html = logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
    assert '<option selected value="DE">' in html and '<option selected value="BE">' not in html


def test_the_current_order_shows_its_totals_over_every_line(logged_in, rpc):
    orderer(logged_in, rpc)
    rpc.answer("orders", "get_current_order", {**CURRENT, "totals": {"items": 1234, "total": "5678.50"}})
    html = logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True)
    totals = html.split('data-testid="order-totals"')[1].split("</p>")[0]
    assert "1,234 items" in totals and "5,678.50" in totals


def test_the_recipients_email_and_telephone_are_kept_with_the_details(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    logged_in.post("/fulfilmentportal/current-order", data={
        **DETAILS, "emailaddress": " jan@example.nl ", "telephone": "+31 6 1234 5678", "action": "save",
        "csrf_token": token})
    saved = saved_details(rpc)
    assert saved["emailaddress"] == "jan@example.nl" and saved["telephone"] == "+31 6 1234 5678"


def test_a_refused_email_address_shows_at_its_field_in_dutch(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"], "language": "nl"})
    rpc.answer("orders", "count_current_order_lines", {"amounts": {}})
    rpc.answer("orders", "get_current_order", CURRENT)
    rpc.answer("orders", "get_order_rules", RULES)
    token = csrf_token(logged_in.get("/fulfilmentportal/current-order").get_data(as_text=True))
    rpc.answer("orders", "update_current_order", error=("InvalidOrder", "emailaddress: Not a valid email address."))
    response = logged_in.post("/fulfilmentportal/current-order", data={
        **DETAILS, "emailaddress": "jan@", "action": "save", "csrf_token": token})
    html = response.get_data(as_text=True)
    field = html.split('id="emailaddress"')[1].split("<label")[0]
    assert response.status_code == 400 and 'class="field-error"' in field
