"""Errors the purchasing service raises across RPC; the gateway maps each to an HTTP status."""
from servicekit.database import InvalidValue


class InvalidPurchaseOrder(ValueError):
    """Input for a purchase order failed validation; the message names the field (and line)."""


class PurchaseOrderNotFound(LookupError):
    """No such purchase order for this customer; another customer's answers the same."""


class PurchaseOrderLocked(ValueError):
    """The purchase order has gone too far for this change: goods were received, or it was
    cancelled or received in full. The message says which."""


class NoPurchaseOrderWarehouse(ValueError):
    """The warehouse has not set the client's warehouse for purchase orders yet."""


class InvalidSupplier(ValueError):
    """Input for a supplier failed validation; the message names the field."""


class SupplierNotFound(LookupError):
    pass


class InvalidReceipt(ValueError):
    """A receipt the warehouse sent failed validation; the message names the line and field."""


class ReceiptNotFound(LookupError):
    pass


class InvalidStockTransfer(ValueError):
    """Input for a stock transfer failed validation; the message names the field (and line)."""


class StockTransferNotFound(LookupError):
    """No such stock transfer for this customer; another customer's answers the same."""


class StockTransferLocked(ValueError):
    """The stock transfer was received or cancelled: nothing about it changes any more."""


class StockTransferMadeByClient(PermissionError):
    """The client made this stock transfer: the warehouse receives it, but only the client changes
    or cancels it."""


EXPECTED = (InvalidValue, InvalidPurchaseOrder, PurchaseOrderNotFound, PurchaseOrderLocked, NoPurchaseOrderWarehouse,
            InvalidSupplier, SupplierNotFound, InvalidReceipt, ReceiptNotFound,
            InvalidStockTransfer, StockTransferNotFound, StockTransferLocked, StockTransferMadeByClient)
