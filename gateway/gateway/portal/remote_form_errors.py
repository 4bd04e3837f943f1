"""Errors from the services ("field: message; field: message") shown at the form fields they name,
in the reader's language and a client's words where the portal knows the message."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from nameko.exceptions import RemoteError

from gateway.portal.views import too_many_attempts

# Known messages from the services, by a part of them; others are shown as the service wrote them.
KNOWN = {
    "Field may not be null": _l("Please fill this in."),
    "Missing data for required field": _l("Please fill this in."),
    "two-letter ISO country code": _l("This is not a country we know: use its two-letter code, e.g. NL for the Netherlands."),
    "changed meanwhile": _l("The current order changed meanwhile; please check it and place it again."),
    "Too easy to guess": _l("This password is too easy to guess: use a longer one, or several words."),
    "Use at least": _l("Use at least 8 characters."),
    "is already in use": _l("This username is already in use."),
    "Not a valid email address": _l("Not a valid email address."),
    "The current password is wrong": _l("The current password is wrong."),
    "Use letters, digits": _l("Use letters, digits and . _ @ + - only."),
    "Length must be between": _l("Use 3 to 100 characters."),
    "more permissions": _l("You cannot give yourself more permissions."),
    "you do not have it": _l("You cannot give a permission you do not have yourself."),
    "beyond your own": _l("You cannot give warehouses beyond your own."),
    "primary user": _l("The customer's primary user can only be changed by the warehouse."),
    "more is too many": _l("That is more than was shipped and has not come back yet."),
    "unknown product": _l("There is no product with this code."),
    "Not a valid URL": _l("Not a valid address: start it with https://"),
    "Required for a": _l("Please fill this in for this platform."),
    "Not used by a": _l("This platform does not use this; leave it empty."),
}
FORM_ERRORS = {"InvalidUser", "DuplicateUsername", "WrongPassword", "InvalidAddress", "InvalidApiKeyName", "NotAllowed",
               "InvalidOrder", "InvalidWebshop"}


def translated(message: str):
    return next((text for start, text in KNOWN.items() if start in message), message)


def show_on_form(form: FlaskForm, error: RemoteError, fallback_field: str | None,
                 field_names: dict[str, str] | None = None) -> list[str]:
    """Put each "field: message" part of the error on that field of the form (re-raises errors
    that are not about the input). A part that names no field of the form goes on
    `fallback_field`, or, without one, is returned (translated) for the caller to show."""
    if error.exc_type == "TooManyAttempts":  # e.g. too many usernames refused: say how long to wait
        if fallback_field is None:
            return [too_many_attempts(error)]
        form[fallback_field].errors.append(too_many_attempts(error))
        return []
    if error.exc_type not in FORM_ERRORS:
        raise error
    unplaced, text = [], error.value or ""
    # A message that names no field is one sentence, whatever punctuation it has.
    for part in text.split("; ") if ": " in text else [text]:
        name, _, message = part.partition(": ")
        field = form._fields.get((field_names or {}).get(name, name)) if message else None
        if field is None and fallback_field is None:
            unplaced.append(str(translated(part)))
            continue
        if field is None:
            field, message = form[fallback_field], part
        field.errors = [*field.errors, translated(message)]
    return unplaced
