"""Shipping providers and profiles: the operator's, the same for every client; a client's orders
may name only a profile its allowed_shipping_profiles lists (none listed: all)."""
from orders_fakes import ACME, GLOBEX
from orders_flow import ADDRESS, MUG
from test_orders_customer_rules import announced, deliver, remote_error as refusal  # noqa: F401 (deliver: a fixture)

from orders.schemas import ShippingProviderOutput
from servicekit.testing import assert_shape

POSTNL = {"name": "PostNL main account", "carrier_key": "postnl",
          "tracktraceurl_pattern": "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL",
          "profiles": [{"name": "Standard"}, {"name": "Evening"}]}


def order_with(rpc, profile_id, customer=ACME) -> dict:
    data = {**ADDRESS, "idshippingprovider_profile": profile_id, "products": [{"idproduct": MUG, "amount": 1}]}
    return rpc.create_order(customer, data, "api", "anna")["order"]


def test_the_operator_adds_a_provider_with_profiles(rpc):
    provider = rpc.create_shipping_provider(POSTNL)
    assert_shape(ShippingProviderOutput, provider)
    assert (provider["provider"], provider["public_providername"], provider["active"]) == ("PostNL", "PostNL", True)
    assert [profile["name"] for profile in provider["profiles"]] == ["Standard", "Evening"]
    assert rpc.list_shipping_providers() == [provider]


def test_bad_provider_input_names_the_field(rpc):
    error = refusal(rpc.create_shipping_provider, {**POSTNL, "carrier_key": "pigeon"})
    assert error.exc_type == "InvalidShippingProvider" and "carrier_key" in error.value
    error = refusal(rpc.create_shipping_provider, {**POSTNL, "tracktraceurl_pattern": "https://postnl.nl/"})
    assert "{trackingcode}" in error.value
    assert refusal(rpc.add_shipping_profile, 999, {"name": "X"}).exc_type == "ShippingProviderNotFound"
    assert rpc.list_shipping_providers() == []


def test_a_client_sees_only_the_active_profiles_it_may_use(rpc, deliver):
    provider = rpc.create_shipping_provider(POSTNL)
    standard, evening = (profile["idshippingprovider_profile"] for profile in provider["profiles"])
    assert [p["name"] for p in rpc.list_shipping_providers_for_customer(ACME)[0]["profiles"]] == ["Standard", "Evening"]
    deliver("customer_updated", announced(ACME, 2, allowed_shipping_profiles=[evening]))
    assert [p["name"] for p in rpc.list_shipping_providers_for_customer(ACME)[0]["profiles"]] == ["Evening"]
    rpc.update_shipping_profile(provider["idshippingprovider"], evening, {"active": False})
    assert rpc.list_shipping_providers_for_customer(ACME) == []
    assert len(rpc.list_shipping_providers_for_customer(GLOBEX)[0]["profiles"]) == 1
    assert rpc.get_order_rules(ACME)["allowed_shipping_profiles"] == [evening]
    assert standard != evening


def test_an_order_names_a_profile_the_client_may_use(rpc, deliver, products_announced):
    provider = rpc.create_shipping_provider(POSTNL)
    standard, evening = (profile["idshippingprovider_profile"] for profile in provider["profiles"])
    deliver("customer_updated", announced(ACME, 2, allowed_shipping_profiles=[evening]))
    assert order_with(rpc, evening)["idshippingprovider_profile"] == evening
    error = refusal(order_with, rpc, standard)
    assert error.exc_type == "InvalidOrder" and "is not one this client may use" in error.value
    assert "there is no shipping profile 999" in refusal(order_with, rpc, 999).value
    rpc.update_shipping_provider(provider["idshippingprovider"], {"active": False})
    assert "there is no shipping profile" in refusal(order_with, rpc, evening).value
    assert order_with(rpc, None)["idshippingprovider_profile"] is None
    assert len(rpc.list_orders(ACME)) == 2
