"""The one table from a service's error (by name, as it crosses RPC) to an HTTP answer.

`error_code` is stable per error, for API clients that branch on it; Picqer's shape is
`{"error": true, "error_code": N, "error_message": "..."}`.
"""
from typing import NamedTuple


class HttpError(NamedTuple):
    status: int
    error_code: int


# Picqer's codes where Picqer has one for the case (20 not found, 21 not in the right status,
# 28 too many requests, 30 order cannot be changed, 10 invalid address), our own from 101 on.
REMOTE_ERRORS: dict[str, HttpError] = {
    # every service (servicekit): a value its database cannot hold
    "InvalidValue": HttpError(400, 2),
    # accounts
    "InvalidCustomer": HttpError(400, 101),
    "DuplicateUsername": HttpError(400, 102),
    "CustomerNotFound": HttpError(404, 20),
    "InvalidCredentials": HttpError(401, 103),
    "LoginNotAllowed": HttpError(403, 104),
    "SessionExpired": HttpError(401, 105),
    "InvalidApiKey": HttpError(401, 106),
    "TooManyAttempts": HttpError(429, 28),
    "InvalidUser": HttpError(400, 107),
    "UserNotFound": HttpError(404, 20),
    "InvalidToken": HttpError(400, 108),
    "WrongPassword": HttpError(400, 109),
    "ApiKeyNotFound": HttpError(404, 20),
    "InvalidAddress": HttpError(400, 10),
    "AddressNotFound": HttpError(404, 20),
    "InvalidApiKeyName": HttpError(400, 110),
    "InvalidBranding": HttpError(400, 111),
    "NotAllowed": HttpError(403, 112),
    "InvalidHook": HttpError(400, 113),
    "HookNotFound": HttpError(404, 20),
    # catalog
    "InvalidProduct": HttpError(400, 121),
    "DuplicateProductCode": HttpError(400, 122),
    "ProductNotFound": HttpError(404, 20),
    "UnknownCustomer": HttpError(400, 123),
    "WarehouseNotFound": HttpError(404, 20),
    "InvalidStockChange": HttpError(400, 124),
    "InvalidQuery": HttpError(400, 125),
    "ReservationNotFound": HttpError(404, 20),
    "InvalidReservation": HttpError(400, 126),
    "InvalidImage": HttpError(400, 127),
    "ImageNotFound": HttpError(404, 20),
    # orders
    "InvalidOrder": HttpError(400, 131),
    "OrderNotFound": HttpError(404, 20),
    "OrderLocked": HttpError(409, 30),
    "PicklistNotFound": HttpError(404, 20),
    "InvalidPicklist": HttpError(400, 132),
    "ShippingProviderNotFound": HttpError(404, 20),
    "InvalidShippingProvider": HttpError(400, 133),
    "ShipmentNotFound": HttpError(404, 20),
    "InvalidShipment": HttpError(400, 134),
    "ReturnNotFound": HttpError(404, 20),
    "InvalidReturn": HttpError(400, 135),
    "TagNotFound": HttpError(404, 20),
    "DuplicateTagTitle": HttpError(409, 136),
    # purchasing
    "InvalidPurchaseOrder": HttpError(400, 141),
    "PurchaseOrderNotFound": HttpError(404, 20),
    "PurchaseOrderLocked": HttpError(409, 21),
    "NoPurchaseOrderWarehouse": HttpError(400, 142),
    "InvalidSupplier": HttpError(400, 143),
    "SupplierNotFound": HttpError(404, 20),
    "InvalidReceipt": HttpError(400, 144),
    "ReceiptNotFound": HttpError(404, 20),
    "InvalidStockTransfer": HttpError(400, 145),
    "StockTransferNotFound": HttpError(404, 20),
    "StockTransferLocked": HttpError(409, 21),
    "StockTransferMadeByClient": HttpError(403, 146),
    # webshop_gateway
    "InvalidWebshop": HttpError(400, 151),
    "WebshopNotFound": HttpError(404, 20),
    "SeenOrderNotFound": HttpError(404, 20),
    "ShopUpdateNotFound": HttpError(404, 20),
    "ShopUpdateNotRetryable": HttpError(409, 21),
    "CredentialsKeyMissing": HttpError(503, 152),  # the operator's setting: nothing to encrypt with
}

UNEXPECTED = HttpError(500, 1)


def http_error_for(exc_type: str) -> HttpError:
    return REMOTE_ERRORS.get(exc_type, UNEXPECTED)
