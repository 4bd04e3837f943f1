import pytest

from accounts.customers import parse_new_customer
from accounts.branding import portal_domain
from accounts.exceptions import InvalidBranding, InvalidCustomer


def test_name_is_required_and_the_error_names_it():
    with pytest.raises(InvalidCustomer, match="name: Missing data for required field"):
        parse_new_customer({"language": "en"})


def test_language_must_be_dutch_or_english():
    with pytest.raises(InvalidCustomer, match="language: Must be one of: nl, en"):
        parse_new_customer({"name": "Acme", "language": "de"})


def test_login_requires_username_and_password():
    with pytest.raises(InvalidCustomer) as error:
        parse_new_customer({"name": "Acme", "can_login": True})
    assert "username: Required when can_login is true." in str(error.value)
    assert "password: Required when can_login is true." in str(error.value)


def test_short_password_is_refused():
    with pytest.raises(InvalidCustomer, match="password: Use at least 8 characters"):
        parse_new_customer({"name": "Acme", "can_login": True, "username": "acme", "password": "short"})


def test_unknown_and_read_only_fields_are_refused():
    with pytest.raises(InvalidCustomer, match="idfulfilment_customer: Unknown field"):
        parse_new_customer({"name": "Acme", "idfulfilment_customer": 7})


def test_body_must_be_an_object():
    with pytest.raises(InvalidCustomer, match="expected a JSON object"):
        parse_new_customer(["Acme"])


def test_picqer_example_is_accepted():
    fields = parse_new_customer({
        "name": "Fulfilling Partners", "can_login": True, "username": "partners",
        "password": "ue73hjdf893", "language": "nl", "allowed_shipping_profiles": [],
        "preferred_idwarehouse": 1,
    })
    assert fields["preferred_idwarehouse"] == 1 and fields["username"] == "partners"


def test_order_rules_are_checked_naming_the_field():
    with pytest.raises(InvalidCustomer, match="changes_allowed_until: Must be one of: processing, picking"):
        parse_new_customer({"name": "Acme", "changes_allowed_until": "shipped"})
    with pytest.raises(InvalidCustomer, match="process_orders_at_once: Not a valid boolean"):
        parse_new_customer({"name": "Acme", "process_orders_at_once": "sometimes"})
    fields = parse_new_customer({"name": "Acme", "changes_allowed_until": "processing", "process_orders_at_once": True})
    assert (fields["changes_allowed_until"], fields["process_orders_at_once"]) == ("processing", True)


def test_the_customers_country_is_an_iso_code_in_any_case_kept_upper_case():
    assert parse_new_customer({"name": "Acme", "country": " be"})["country"] == "BE"
    assert parse_new_customer({"name": "Acme", "country": None})["country"] is None
    with pytest.raises(InvalidCustomer, match="country: Use a two-letter ISO country code"):
        parse_new_customer({"name": "Acme", "country": "ZZ"})


def test_the_customers_time_zone_is_an_iana_name():
    assert parse_new_customer({"name": "Acme", "timezone": "Europe/Brussels"})["timezone"] == "Europe/Brussels"
    assert parse_new_customer({"name": "Acme", "timezone": None})["timezone"] is None
    for name in ("Mars/Olympus_Mons", "../etc/passwd", "", "CET+1", "localtime", "posix/Europe/Amsterdam"):
        with pytest.raises(InvalidCustomer, match="timezone: Use an IANA time zone"):
            parse_new_customer({"name": "Acme", "timezone": name})


@pytest.mark.parametrize("typed,host", [
    ("portal.acme.example", "portal.acme.example"), (" Portal.ACME.example. ", "portal.acme.example"),
    ("xn--bcher-kva.example", "xn--bcher-kva.example"), ("", None), (None, None),
])
def test_a_portal_address_is_kept_as_a_lower_case_host_name(typed, host):
    assert portal_domain(typed) == host


@pytest.mark.parametrize("typed", ["https://portal.acme.example", "portal.acme.example:8443", "portal.acme.example/x",
                                   "localhost", "10.0.0.1", "[::1]", "-acme.example", "acme..example", "acme.123",
                                   "a" * 64 + ".example", "acme example.com"])
def test_anything_but_a_host_name_is_refused_as_a_portal_address(typed):
    with pytest.raises(InvalidBranding, match="^domain: "):
        portal_domain(typed)
