"""Shipping providers and their profiles: the operator's carrier accounts, the same for every
client; a client's orders may use the profiles its `allowed_shipping_profiles` lists (none
listed: all), as accounts announced them. Every function here works inside one transaction."""
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from orders.customer_rules import rules_of
from orders.exceptions import InvalidShippingProvider, ShippingProviderNotFound
from orders.models import ShippingProfile, ShippingProvider
from orders.schemas import ShippingProfileInput, ShippingProviderInput, shipping_provider_output
from orders.shipping_rules import CARRIERS, may_use
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_provider_input = ShippingProviderInput()
_profile_input = ShippingProfileInput()


def _providers(session: Session) -> list[ShippingProvider]:
    return list(session.scalars(select(ShippingProvider).options(selectinload(ShippingProvider.profiles))
                                .order_by(ShippingProvider.id)))


def list_shipping_providers(session: Session) -> list[dict]:
    """Every provider with every profile (the operator's view)."""
    return shipping_provider_output.dump(_providers(session), many=True)


def list_shipping_providers_for_customer(session: Session, customer_id: int) -> list[dict]:
    """The active providers with the active profiles this client may use; a provider with none
    of them is left out."""
    allowed = rules_of(session, customer_id).allowed_shipping_profiles
    result = []
    for provider in _providers(session):
        if not provider.active:
            continue
        shown = shipping_provider_output.dump(provider)
        shown["profiles"] = [profile for profile in shown["profiles"]
                             if profile["active"] and may_use(allowed, profile["idshippingprovider_profile"])]
        if shown["profiles"]:
            result.append(shown)
    return result


def _provider(session: Session, provider_id: int, for_update: bool = False) -> ShippingProvider:
    query = select(ShippingProvider).where(ShippingProvider.id == provider_id)
    provider = session.scalar(query.with_for_update() if for_update else query)
    if provider is None:
        raise ShippingProviderNotFound(f"shipping provider {provider_id} not found")
    return provider


def create_shipping_provider(uow: UnitOfWork, data) -> dict:
    """`public_providername` defaults to the carrier's own name."""
    fields = load(_provider_input, data, InvalidShippingProvider)
    profiles = fields.pop("profiles")
    fields.setdefault("public_providername", CARRIERS[fields["carrier_key"]])
    provider = ShippingProvider(**fields, profiles=[ShippingProfile(**profile) for profile in profiles])
    uow.session.add(provider)
    uow.session.flush()
    return shipping_provider_output.dump(provider)


def update_shipping_provider(uow: UnitOfWork, provider_id: int, data) -> dict:
    """Change the fields given (profiles are added on their own)."""
    fields = load(_provider_input, data, InvalidShippingProvider, partial=True)
    if "profiles" in (data or {}):
        raise InvalidShippingProvider("profiles: add a profile with POST …/profiles, change one with PUT")
    provider = _provider(uow.session, provider_id, for_update=True)
    for name, value in fields.items():
        setattr(provider, name, value)
    uow.session.flush()
    return shipping_provider_output.dump(provider)


def add_shipping_profile(uow: UnitOfWork, provider_id: int, data) -> dict:
    fields = load(_profile_input, data, InvalidShippingProvider)
    provider = _provider(uow.session, provider_id, for_update=True)
    provider.profiles.append(ShippingProfile(**fields))
    uow.session.flush()
    return shipping_provider_output.dump(provider)


def update_shipping_profile(uow: UnitOfWork, provider_id: int, profile_id: int, data) -> dict:
    """Rename a profile or switch it off (orders that name it keep it)."""
    fields = load(_profile_input, data, InvalidShippingProvider, partial=True)
    provider = _provider(uow.session, provider_id, for_update=True)
    profile = next((profile for profile in provider.profiles if profile.id == profile_id), None)
    if profile is None:
        raise ShippingProviderNotFound(f"shipping profile {profile_id} not found")
    for name, value in fields.items():
        setattr(profile, name, value)
    uow.session.flush()
    return shipping_provider_output.dump(provider)


def usable_profile(session: Session, customer_id: int, profile_id: int, refusal: type[Exception]) -> ShippingProfile:
    """The active profile, if this client may use it; `refusal` names the field otherwise."""
    profile = session.get(ShippingProfile, profile_id)
    if profile is None or not profile.active or not profile.provider.active:
        raise refusal(f"idshippingprovider_profile: there is no shipping profile {profile_id}")
    if not may_use(rules_of(session, customer_id).allowed_shipping_profiles, profile_id):
        raise refusal(f"idshippingprovider_profile: shipping profile {profile_id} ({profile.provider.public_providername} "
                      f"{profile.name}) is not one this client may use")
    return profile
