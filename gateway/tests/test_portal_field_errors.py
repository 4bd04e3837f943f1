"""Errors of a service shown at the field they concern, in the user's language and a client's
words: placing an order, saving its address to the address book, changing an order's address."""
import re

from gateway_fakes import USER_7
from test_current_order_portal import DETAILS, orderer
from test_orders_gateway import ADDRESS_FORM, ORDER, ordering_user

DUTCH_ORDERER = {**USER_7, "language": "nl", "permissions": ["ordering"]}


def errors_at(html: str, field: str) -> list[str]:
    """The errors shown right after the field's input or select."""
    match = re.search(rf'(?:<input[^>]*\bid="{field}"[^>]*>|<select[^>]*\bid="{field}".*?</select>)'
                      r'((?:\s*<p class="field-error"[^>]*>[^<]*</p>)*)', html, re.S)
    return re.findall(r'<p class="field-error"[^>]*>([^<]*)</p>', match.group(1)) if match else []


def test_placing_with_an_empty_address_shows_each_error_at_its_field_in_dutch(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("accounts", "get_session_user", DUTCH_ORDERER)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    rpc.answer("orders", "place_current_order", error=(
        "InvalidOrder", "deliveryaddress: Field may not be null.; deliverycity: Field may not be null.; "
                        "deliverycountry: Field may not be null."))
    response = logged_in.post("/fulfilmentportal/current-order", data={
        **DETAILS, "deliveryaddress": "", "deliverycity": "", "deliverycountry": "", "version": "4",
        "action": "place", "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    for field in ("deliveryaddress", "deliverycity", "deliverycountry"):
        assert errors_at(html, field) == ["Vul dit in."], field
    assert errors_at(html, "deliveryname") == []
    assert "De bestelling is niet geplaatst: verbeter de gemarkeerde velden." in html
    assert "may not be null" not in html
    assert 'value="Ring twice"' in html or "Ring twice</textarea>" in html  # what was typed stays


def test_an_address_not_saved_to_the_book_shows_why_at_its_fields(logged_in, rpc):
    token = orderer(logged_in, rpc)
    rpc.answer("orders", "update_current_order", {"details": {}, "version": 5})
    rpc.answer("accounts", "create_address", error=(
        "InvalidAddress", "city: Missing data for required field.; country: Use a two-letter ISO country code, e.g. NL."))
    response = logged_in.post("/fulfilmentportal/current-order", data={
        **DETAILS, "deliverycity": "", "save_to_address_book": "y", "csrf_token": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert errors_at(html, "deliverycity") == ["Please fill this in."]
    assert errors_at(html, "deliverycountry") == [
        "This is not a country we know: use its two-letter code, e.g. NL for the Netherlands."]
    assert "Not saved to the address book: please correct the fields marked." in html
    assert "Missing data" not in html


def test_a_country_the_service_refuses_is_shown_at_the_country_in_dutch(logged_in, rpc):
    token = ordering_user(logged_in, rpc)
    rpc.answer("accounts", "get_session_user", {**DUTCH_ORDERER, "permissions": ["ordering"]})
    rpc.answer("orders", "get_order", ORDER)
    rpc.answer("orders", "change_delivery_address", error=(
        "InvalidOrder", "deliverycountry: Use a two-letter ISO country code, e.g. NL."))
    html = logged_in.post("/fulfilmentportal/orders/31",
                          data={**ADDRESS_FORM, "csrf_token": token}).get_data(as_text=True)
    assert errors_at(html, "deliverycountry") == [
        "Dit land kennen we niet: gebruik de landcode van twee letters, bijvoorbeeld NL voor Nederland."]
    assert errors_at(html, "deliveryname") == []


def test_only_countries_orders_accepts_are_offered(logged_in, rpc):
    ordering_user(logged_in, rpc)
    html = logged_in.get("/fulfilmentportal/orders/31").get_data(as_text=True)
    assert 'value="NL"' in html and 'value="ZZ"' not in html and 'value="EU"' not in html
