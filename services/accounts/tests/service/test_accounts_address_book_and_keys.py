import pytest
from nameko.exceptions import RemoteError

from accounts.schemas import AddressOutput
from servicekit.testing import assert_shape

ACME = {"name": "Acme BV", "can_login": True, "username": "acme", "password": "acme-secret-1"}
HOME = {"name": "Jan Jansen", "address": "Dorpsstraat 1", "zipcode": "5038 AB", "city": "Tilburg", "country": "nl"}


@pytest.fixture
def two(rpc):
    acme = rpc.create_customer(ACME)["idfulfilment_customer"]
    other = rpc.create_customer({**ACME, "name": "Other", "username": "other"})["idfulfilment_customer"]
    return acme, other


def error_type(call, *args):
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value.exc_type


def test_addresses_are_kept_per_customer(rpc, two):
    acme, other = two
    address = rpc.create_address(acme, HOME)
    assert_shape(AddressOutput, address)
    assert address["country"] == "NL"
    assert rpc.list_addresses(acme) == [address] and rpc.list_addresses(other) == []
    changed = rpc.update_address(acme, address["idaddress"], {**HOME, "city": "Breda"})
    assert rpc.get_address(acme, address["idaddress"]) == changed
    for call, args in ((rpc.get_address, (other, address["idaddress"])),
                       (rpc.update_address, (other, address["idaddress"], HOME)),
                       (rpc.delete_address, (other, address["idaddress"]))):
        assert error_type(call, *args) == "AddressNotFound"
    rpc.delete_address(acme, address["idaddress"])
    assert rpc.list_addresses(acme) == []


def test_bad_address_names_the_field(rpc, two):
    with pytest.raises(RemoteError) as error:
        rpc.create_address(two[0], {**HOME, "country": "Netherlands", "zipcode": ""})
    assert error.value.exc_type == "InvalidAddress"
    assert "country" in error.value.value and "zipcode" in error.value.value


def test_countries_are_iso_3166_codes_in_any_case_stored_upper_case(rpc, two):
    assert rpc.create_address(two[0], {**HOME, "country": " be "})["country"] == "BE"
    for country in ("ZZ", "xx", "EU", "N"):
        with pytest.raises(RemoteError) as error:
            rpc.create_address(two[0], {**HOME, "country": country})
        assert error.value.value == "country: Use a two-letter ISO country code, e.g. NL."


def test_customer_keys_are_shown_once_listed_without_secret_and_revoked(rpc, two):
    acme, other = two
    created = rpc.create_customer_api_key(acme, "Webshop")
    assert rpc.authenticate_api_key(created["key"])["customer_id"] == acme
    (listed,) = rpc.list_api_keys(acme)
    assert "key" not in listed and listed["name"] == "Webshop" and rpc.list_api_keys(other) == []
    assert error_type(rpc.revoke_api_key, other, created["key_id"]) == "ApiKeyNotFound"
    assert rpc.authenticate_api_key(created["key"])["customer_id"] == acme
    rpc.revoke_api_key(acme, created["key_id"])
    assert error_type(rpc.authenticate_api_key, created["key"]) == "InvalidApiKey"
    assert error_type(rpc.create_customer_api_key, acme, "  ") == "InvalidApiKeyName"
