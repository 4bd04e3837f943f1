"""/api/v1/shippingproviders: the operator's carrier accounts with their profiles, as Picqer's.
A customer key reads the active profiles its customer may use (`allowed_shipping_profiles`);
an operator key reads all of them (or one customer's, with `idfulfilment_customer`) and manages
them."""
from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, require_operator
from gateway.api.picqer_format import json_body, with_picqer_times


def present_provider(provider: dict) -> dict:
    return {**with_picqer_times(provider, "created", "updated"),
            "profiles": [with_picqer_times(profile, "created", "updated") for profile in provider["profiles"]]}


@blueprint.get("/shippingproviders")
def list_shipping_providers():
    orders = rpc_client().orders
    return [present_provider(provider) for provider in
            for_key_scope(orders.list_shipping_providers_for_customer, orders.list_shipping_providers)]


@blueprint.post("/shippingproviders")
def create_shipping_provider():
    """Add a carrier account (operator keys): `{"name": "PostNL", "carrier_key": "postnl",
    "public_providername": "PostNL", "tracktraceurl_pattern":
    "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL", "profiles": [{"name": "Standard"}]}` → 201."""
    require_operator()
    return present_provider(rpc_client().orders.create_shipping_provider(json_body())), 201


@blueprint.put("/shippingproviders/<int:provider_id>")
def update_shipping_provider(provider_id: int):
    """Change its name, public name, track & trace pattern or `active` (operator keys)."""
    require_operator()
    return present_provider(rpc_client().orders.update_shipping_provider(provider_id, json_body()))


@blueprint.post("/shippingproviders/<int:provider_id>/profiles")
def add_shipping_profile(provider_id: int):
    """Add a profile: `{"name": "Evening delivery"}` → 201 with the provider (operator keys)."""
    require_operator()
    return present_provider(rpc_client().orders.add_shipping_profile(provider_id, json_body())), 201


@blueprint.put("/shippingproviders/<int:provider_id>/profiles/<int:profile_id>")
def update_shipping_profile(provider_id: int, profile_id: int):
    """Rename a profile or switch it off with `{"active": false}` (operator keys)."""
    require_operator()
    return present_provider(rpc_client().orders.update_shipping_profile(provider_id, profile_id, json_body()))
