"""Errors the webshop_gateway service raises across RPC; the gateway maps each to an HTTP status."""
from servicekit.database import InvalidValue
from webshop_gateway.credentials import CredentialsKeyMissing


class InvalidWebshop(ValueError):
    """Input for a webshop connection failed validation; the message names the field."""


class WebshopNotFound(LookupError):
    """No such linked shop for this customer; another customer's answers the same."""


class SeenOrderNotFound(LookupError):
    """No such order seen from this customer's shops; another customer's answers the same."""


class ShopUpdateNotFound(LookupError):
    """No such update going back to this customer's shop; another customer's answers the same."""


class ShopUpdateNotRetryable(ValueError):
    """An update that may not be sent again: its parcel was withdrawn (cancelled), so the shop must never hear of it."""


class WebhookRefused(PermissionError):
    """A webhook without a matching signature (or for a shop without a webhook secret): not taken."""


class WebhookUnreadable(ValueError):
    """A signed webhook whose body is no order this shop's platform sends."""


EXPECTED: tuple[type[Exception], ...] = (InvalidValue, InvalidWebshop, WebshopNotFound, SeenOrderNotFound,
                                         ShopUpdateNotFound, ShopUpdateNotRetryable, CredentialsKeyMissing, WebhookRefused, WebhookUnreadable)
