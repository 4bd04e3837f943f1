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


class WarehouseNotFound(LookupError):
    """Catalog knows no such warehouse: the order cannot be processed there."""


class UnknownProducts(Exception):
    """Products an order names that orders has not heard of from catalog (yet): ask catalog, then
    try again; if catalog does not know them either, `refusal` is the client's answer. Never
    crosses RPC."""

    def __init__(self, product_ids: list[int], productcodes: list[str], refusal: Exception):
        super().__init__(str(refusal))
        self.product_ids, self.productcodes, self.refusal = product_ids, productcodes, refusal


class PicklistNotFound(LookupError):
    """No such picklist for this customer; another customer's answers the same."""


class InvalidPicklist(ValueError):
    """The picklist cannot take this pick or close (cancelled, closed, nothing picked, more picked
    than is on it); the message says why."""


class ShippingProviderNotFound(LookupError):
    pass


class InvalidShippingProvider(ValueError):
    """Input for a shipping provider or profile failed validation; the message names the field."""


class ShipmentNotFound(LookupError):
    """No such shipment on this customer's picklist; another customer's answers the same."""


class InvalidShipment(ValueError):
    """The picklist cannot ship (cancelled, nothing picked), the input is bad, or the shipment can
    no longer be cancelled; the message says why."""


class ReturnNotFound(LookupError):
    """No such return for this customer; another customer's answers the same."""


class InvalidReturn(ValueError):
    """A return of more than was shipped, of a product not on the order, a status change out of
    order; the message says why."""


class TagNotFound(LookupError):
    """No such tag of this customer (or not on the order); another customer's answers the same."""


class DuplicateTagTitle(ValueError):
    """The client has a tag of that title already (whatever its case); the message names it."""


EXPECTED = (InvalidValue, InvalidOrder, OrderNotFound, ProductNotFound, OrderLocked, WarehouseNotFound,
            PicklistNotFound, InvalidPicklist, ShippingProviderNotFound, InvalidShippingProvider, ShipmentNotFound,
            InvalidShipment, ReturnNotFound, InvalidReturn, TagNotFound, DuplicateTagTitle)
