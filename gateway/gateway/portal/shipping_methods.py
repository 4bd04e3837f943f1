"""The shipping profiles a client may use, as the portal names them ("PostNL – Evening")."""
from flask_babel import gettext as _

from gateway import rpc_client
from gateway.portal.session_user import current_customer_id


def shipping_method_names() -> dict[int, str]:
    """idshippingprovider_profile → its name, for the profiles this client may use."""
    return {profile["idshippingprovider_profile"]: f"{provider['public_providername']} – {profile['name']}"
            for provider in rpc_client().orders.list_shipping_providers_for_customer(current_customer_id())
            for profile in provider["profiles"]}


def shipping_method_choices() -> list[tuple[str, str]]:
    return [("", _("The warehouse chooses"))] + [(str(key), name) for key, name in shipping_method_names().items()]
