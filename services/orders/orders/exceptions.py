"""Errors the orders service raises across RPC; the gateway maps each to an HTTP status."""
from servicekit.database import InvalidValue



class InvalidOrder(ValueError):
    """Input for an order failed validation; the message names the field (and line)."""


class OrderNotFound(LookupError):
    pass


class ProductNotFound(LookupError):
    """A product the client does not have (another client's looks exactly the same)."""


class OrderLocked(ValueError):
    """The order has gone too far for this change (e.g. cancelling once picking started)."""


EXPECTED = (InvalidValue, InvalidOrder, OrderNotFound, ProductNotFound, OrderLocked)
