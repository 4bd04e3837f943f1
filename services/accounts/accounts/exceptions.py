"""Errors the accounts service raises across RPC; the gateway maps each name to an HTTP status."""
from servicekit.database import InvalidValue



class InvalidCustomer(ValueError):
    """Input for a customer failed validation; the message names the field."""


class CustomerNotFound(LookupError):
    pass


class DuplicateUsername(ValueError):
    pass


class InvalidCredentials(PermissionError):
    """Unknown user or wrong password: one message for both, so usernames cannot be probed."""


class LoginNotAllowed(PermissionError):
    """The user's customer has `can_login` off."""


class SessionExpired(PermissionError):
    """The session no longer matches the user (logged out elsewhere, password changed, locked)."""


class InvalidApiKey(PermissionError):
    pass


class TooManyAttempts(PermissionError):
    """Login throttled; the message says how many minutes to wait."""


class InvalidUser(ValueError):
    """Input for a portal user failed validation; the message names the field."""


class UserNotFound(LookupError):
    """No such user of this customer (another customer's user answers the same)."""


class InvalidToken(PermissionError):
    """An invite or reset link that is unknown, expired or used."""


class WrongPassword(PermissionError):
    """The current password given to change it is wrong."""


class ApiKeyNotFound(LookupError):
    pass


class InvalidAddress(ValueError):
    """Input for an address failed validation; the message names the field."""


class AddressNotFound(LookupError):
    pass


class InvalidApiKeyName(ValueError):
    pass


class InvalidBranding(ValueError):
    """Branding input failed validation (a logo that is no image, too large); names the field."""


class NotAllowed(PermissionError):
    """A user asked for more than it may: widening its own rights, giving another user more than
    it has itself, or changing the customer's primary user (the operator's to change)."""


class InvalidHook(ValueError):
    """Input for a webhook failed validation; the message names the field."""


class HookNotFound(LookupError):
    pass


EXPECTED = (
    InvalidValue,
    InvalidCustomer,
    CustomerNotFound,
    DuplicateUsername,
    InvalidCredentials,
    LoginNotAllowed,
    SessionExpired,
    InvalidApiKey,
    TooManyAttempts,
    InvalidUser,
    UserNotFound,
    InvalidToken,
    WrongPassword,
    ApiKeyNotFound,
    InvalidAddress,
    AddressNotFound,
    InvalidApiKeyName,
    InvalidBranding,
    NotAllowed,
    InvalidHook,
    HookNotFound,
)
