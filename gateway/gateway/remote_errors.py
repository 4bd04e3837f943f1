"""The one table from a service's error (by name, as it crosses RPC) to an HTTP answer.

`error_code` is stable per error, for API clients that branch on it; Picqer's shape is
`{"error": true, "error_code": N, "error_message": "..."}`.
"""
from typing import NamedTuple


class HttpError(NamedTuple):
    status: int
    error_code: int


REMOTE_ERRORS: dict[str, HttpError] = {
    # every service (servicekit): a value its database cannot hold
    "InvalidValue": HttpError(400, 2),
    # accounts
    "InvalidCustomer": HttpError(400, 20),
    "DuplicateUsername": HttpError(400, 21),
    "CustomerNotFound": HttpError(404, 22),
    "InvalidCredentials": HttpError(401, 23),
    "LoginNotAllowed": HttpError(403, 24),
    "SessionExpired": HttpError(401, 25),
    "InvalidApiKey": HttpError(401, 26),
    "TooManyAttempts": HttpError(429, 27),
    "InvalidUser": HttpError(400, 28),
    "UserNotFound": HttpError(404, 29),
    "InvalidToken": HttpError(400, 30),
    "WrongPassword": HttpError(400, 31),
    "ApiKeyNotFound": HttpError(404, 32),
    "InvalidAddress": HttpError(400, 33),
    "AddressNotFound": HttpError(404, 34),
    "InvalidApiKeyName": HttpError(400, 35),
    "InvalidBranding": HttpError(400, 36),
    "NotAllowed": HttpError(403, 37),
    # catalog
    "InvalidProduct": HttpError(400, 40),
    "DuplicateProductCode": HttpError(400, 41),
    "ProductNotFound": HttpError(404, 42),
    "UnknownCustomer": HttpError(400, 43),
    "WarehouseNotFound": HttpError(404, 44),
    "InvalidStockChange": HttpError(400, 45),
    "InvalidQuery": HttpError(400, 46),
    "ReservationNotFound": HttpError(404, 47),
    "InvalidReservation": HttpError(400, 48),
    "InvalidImage": HttpError(400, 49),
    "ImageNotFound": HttpError(404, 50),
    # orders
    "InvalidOrder": HttpError(400, 60),
    "OrderNotFound": HttpError(404, 61),
    "OrderLocked": HttpError(400, 62),
    "PicklistNotFound": HttpError(404, 63),
    "InvalidPicklist": HttpError(400, 64),
    "ShippingProviderNotFound": HttpError(404, 65),
    "InvalidShippingProvider": HttpError(400, 66),
    # purchasing
    "InvalidPurchaseOrder": HttpError(400, 70),
    "PurchaseOrderNotFound": HttpError(404, 71),
    "PurchaseOrderLocked": HttpError(400, 72),
    "NoPurchaseOrderWarehouse": HttpError(400, 73),
    "InvalidSupplier": HttpError(400, 74),
    "SupplierNotFound": HttpError(404, 75),
    "InvalidReceipt": HttpError(400, 76),
    "ReceiptNotFound": HttpError(404, 77),
    "InvalidStockTransfer": HttpError(400, 78),
    "StockTransferNotFound": HttpError(404, 79),
    "StockTransferLocked": HttpError(400, 80),
    "StockTransferMadeByClient": HttpError(403, 81),
}

UNEXPECTED = HttpError(500, 1)


def http_error_for(exc_type: str) -> HttpError:
    return REMOTE_ERRORS.get(exc_type, UNEXPECTED)
