"""Validating input at a service's edge: one message naming each bad field, and the fields every
service's schemas use."""
import base64
import binascii

from marshmallow import Schema, ValidationError, fields


def describe(messages: dict | list | str, prefix: str = "") -> str:
    if isinstance(messages, dict):
        parts = [describe(value, f"{prefix}{key}." if prefix or key != "_schema" else "")
                 for key, value in sorted(messages.items(), key=lambda item: str(item[0]))]
        return "; ".join(parts)
    if isinstance(messages, list):
        text = " ".join(str(message) for message in messages)
        return f"{prefix.rstrip('.')}: {text}" if prefix else text
    return f"{prefix.rstrip('.')}: {messages}" if prefix else str(messages)


def load(schema: Schema, data, error_cls: type[Exception], partial: bool = False) -> dict:
    """Validate `data` with `schema`, raising `error_cls` with a message naming the fields."""
    if not isinstance(data, dict):
        raise error_cls("expected a JSON object")
    try:
        return schema.load(data, partial=partial)
    except ValidationError as error:
        raise error_cls(describe(error.messages)) from None


class Stripped(fields.String):
    """Text without the spaces people paste around codes, names and addresses."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip()


class JsonBoolean(fields.Boolean):
    """JSON's true or false only: 0, 1, "yes" are refused, as the API's description promises."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def decode_base64(encoded: str, max_bytes: int, too_large: Exception, not_base64: Exception) -> bytes:
    """Bytes sent as base64 text, at most `max_bytes`: refused by length before decoding, so a
    huge upload costs nothing, and again after. The caller's errors name its field."""
    if len(encoded) > max_bytes * 4 // 3 + 8:
        raise too_large
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise not_base64 from None
    if len(data) > max_bytes:
        raise too_large
    return data
