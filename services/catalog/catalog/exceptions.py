"""Errors the catalog service raises across RPC; the gateway maps each name to an HTTP status."""
from servicekit.database import InvalidValue



class InvalidProduct(ValueError):
    """Input for a product failed validation; the message names the field."""


class InvalidWarehouse(ValueError):
    pass


class DuplicateProductCode(ValueError):
    """The customer already has a product with this code (codes are unique per customer)."""


class UnknownCustomer(LookupError):
    """Accounts has not announced this customer (yet): catalog knows it only from events."""


class ProductNotFound(LookupError):
    """No such product for this customer; another customer's product answers the same."""


class WarehouseNotFound(LookupError):
    pass


class InvalidStockChange(ValueError):
    """The change is malformed or would take stock below zero or below what is reserved."""


class InvalidQuery(ValueError):
    """A list's filter, sort or paging argument is malformed; the message names it."""


class ReservationNotFound(LookupError):
    """No reservation for this order line of this customer."""


class InvalidReservation(ValueError):
    """The reservation call is malformed or contradicts what the order line already holds
    (another product, or a line already shipped or released)."""


class InvalidImage(ValueError):
    """Not an image we accept (type, size, pixels, base64); the message names the field."""


class ImageNotFound(LookupError):
    """No such image for this customer; another customer's answers the same."""


EXPECTED = (
    InvalidValue,
    InvalidProduct,
    InvalidWarehouse,
    DuplicateProductCode,
    UnknownCustomer,
    ProductNotFound,
    WarehouseNotFound,
    InvalidStockChange,
    InvalidQuery,
    ReservationNotFound,
    InvalidReservation,
    InvalidImage,
    ImageNotFound,
)
