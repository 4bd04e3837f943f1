"""API keys: created once (the plain key is shown only then), stored as a digest."""
import hashlib
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from accounts.exceptions import (ApiKeyNotFound, CustomerNotFound, InvalidApiKey, InvalidApiKeyName, InvalidValue,
                                 UserNotFound)
from accounts.models import ApiKey, Customer, PortalUser
from accounts.schemas import api_key_identity, api_key_listed
from servicekit.unit_of_work import UnitOfWork

SCOPES = ("operator", "customer")
# The parts of the API an operator key can be limited to (the gateway maps each route to one).
OPERATOR_SCOPES = ("customers", "products", "stock", "orders", "purchasing")
# Requests a minute a key may be given (the gateway's default, Picqer's 500, applies without one).
# A million a minute is far beyond what the gateway serves: in effect no limit, still a number.
RATE_LIMITS = range(1, 1_000_001)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    return "fk_" + secrets.token_urlsafe(32)


def create_api_key(uow: UnitOfWork, scope: str, customer_id: int | None, name: str,
                   key: str | None = None, scopes: list[str] | None = None,
                   made_by: PortalUser | None = None, rate_limit: int | None = None) -> dict:
    """Create a key; `key` lets a deployment fix its own (demo data), otherwise one is drawn.
    `scopes` limits an operator key to those parts of the API (None: all).

    Creating a key that already exists returns that key unchanged, so seeding is repeatable.
    """
    session = uow.session
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {SCOPES}")
    if (scope == "customer") != (customer_id is not None):
        raise ValueError("a customer key names its customer; an operator key names none")
    if scopes is not None and (scope != "operator" or not set(scopes) <= set(OPERATOR_SCOPES)):
        raise ValueError(f"scopes: an operator key's, some of {OPERATOR_SCOPES}")
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    key = key or new_key()
    existing = session.scalar(select(ApiKey).where(ApiKey.key_digest == digest(key)))
    api_key = existing or ApiKey(key_digest=digest(key), scope=scope, customer_id=customer_id, name=name,
                                 scopes=scopes, made_by=made_by, rate_limit=rate_limit)
    session.add(api_key)
    session.flush()
    return {**api_key_identity.dump(api_key), "key": key}


def acts(api_key: ApiKey) -> bool:
    """A key made in the portal works only while its maker could sign in: the maker active and
    the customer's `can_login` on."""
    maker = api_key.made_by
    return api_key.revoked_at is None and (maker is None or (maker.is_active and api_key.customer.can_login))


def authenticate_api_key(session: Session, key: str) -> dict:
    api_key = session.scalar(
        select(ApiKey).options(joinedload(ApiKey.customer), joinedload(ApiKey.made_by))
        .where(ApiKey.key_digest == digest(key or ""))
    )
    if api_key is None or not acts(api_key):
        raise InvalidApiKey("Invalid API key.")
    return api_key_identity.dump(api_key)


def create_customer_api_key(uow: UnitOfWork, customer_id: int, name: str, made_by_user_id: int | None = None) -> dict:
    """A key a client admin makes in the portal: it acts only for that customer, with at most
    the rights of the user who made it (`made_by_user_id`)."""
    session = uow.session
    name = (name or "").strip() if isinstance(name, str) else ""
    if not 1 <= len(name) <= 200:
        raise InvalidApiKeyName("name: Give the key a name (1 to 200 characters).")
    maker = session.scalar(select(PortalUser).where(PortalUser.id == made_by_user_id,
                                                    PortalUser.customer_id == customer_id))
    if made_by_user_id is not None and maker is None:
        raise UserNotFound(f"user {made_by_user_id} not found")
    return create_api_key(uow, "customer", customer_id, name, made_by=maker)


def _customer_keys(customer_id: int):
    return select(ApiKey).where(ApiKey.customer_id == customer_id, ApiKey.scope == "customer")


OPERATOR_KEYS = select(ApiKey).where(ApiKey.scope == "operator")


def list_api_keys(session: Session, customer_id: int) -> list[dict]:
    return _listed(session, _customer_keys(customer_id))


def list_operator_api_keys(session: Session) -> list[dict]:
    """The warehouse's own keys (accounts.operator_keys, and the operator's API)."""
    return _listed(session, OPERATOR_KEYS)


def _listed(session: Session, keys) -> list[dict]:
    return api_key_listed.dump(session.scalars(keys.order_by(ApiKey.id)), many=True)


def revoke_api_key(uow: UnitOfWork, customer_id: int, key_id: int) -> None:
    _revoke(uow, _customer_keys(customer_id), key_id)


def revoke_operator_api_key(uow: UnitOfWork, key_id: int) -> None:
    _revoke(uow, OPERATOR_KEYS, key_id)


def set_rate_limit(uow: UnitOfWork, key_id: int, rate_limit: int | None) -> dict:
    """The operator gives a key (its own or a client's) its own requests a minute; None: the
    gateway's default again. The gateway hears it within API_KEY_CACHE_SECONDS."""
    # Whole numbers only: `in range` would also take 5.0, and search the range for 5.5.
    if rate_limit is not None and (type(rate_limit) is not int or rate_limit not in RATE_LIMITS):
        raise InvalidValue(f"rate_limit: a whole number of requests a minute from 1 to {RATE_LIMITS[-1]:,}")
    api_key = uow.session.get(ApiKey, key_id)
    if api_key is None:
        raise ApiKeyNotFound(f"API key {key_id} not found")
    api_key.rate_limit = rate_limit
    uow.session.flush()
    return api_key_listed.dump(api_key)


def _revoke(uow: UnitOfWork, keys, key_id: int) -> None:
    """From now on the key authenticates nothing; revoking twice is harmless."""
    session = uow.session
    api_key = session.scalar(keys.where(ApiKey.id == key_id))
    if api_key is None:
        raise ApiKeyNotFound(f"API key {key_id} not found")
    if api_key.revoked_at is None:
        api_key.revoked_at = func.now()
