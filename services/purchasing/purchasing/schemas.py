"""The shapes that cross the purchasing service's edge (field names as Picqer's API)."""
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Email, Length, OneOf, Range

from purchasing.statuses import STATUSES, TRANSFER_STATUSES
from servicekit.validation import Stripped

# An amount above this is a typing error, not a delivery.
MAX_AMOUNT = 100_000
MAX_LINES = 10_000


class SupplierInput(Schema):
    class Meta:
        unknown = RAISE

    name = Stripped(required=True, validate=Length(1, 200))
    contactname = Stripped(validate=Length(max=200), allow_none=True)
    telephone = Stripped(validate=Length(max=50), allow_none=True)
    emailaddress = Stripped(validate=[Length(max=254), Email(error="Not a valid email address.")], allow_none=True)
    remarks = fields.String(validate=Length(max=5000), allow_none=True)


class SupplierOutput(Schema):
    idsupplier = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    name = fields.String()
    contactname = fields.String(allow_none=True)
    telephone = fields.String(allow_none=True)
    emailaddress = fields.String(allow_none=True)
    remarks = fields.String(allow_none=True)
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")


def whole_amount(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=Range(1, MAX_AMOUNT, error="Must be a whole number from {min} to {max}."),
                          error_messages={"invalid": "Must be a whole number from 1 to 100000."}, **kwargs)


class LineInput(Schema):
    """A product on a purchase order: by id or by code, and how many."""

    class Meta:
        unknown = RAISE

    idproduct = fields.Integer(strict=True)
    productcode = Stripped(validate=Length(1, 100))
    amount = whole_amount(required=True)

    @validates_schema
    def names_one_product(self, data, **kwargs):
        if ("idproduct" in data) == ("productcode" in data):
            raise ValidationError("Give either idproduct or productcode.")


class LineAmountInput(Schema):
    class Meta:
        unknown = RAISE

    amount = whole_amount(required=True)


class PurchaseOrderDetailsInput(Schema):
    """Everything of a purchase order but its lines."""

    class Meta:
        unknown = RAISE

    idsupplier = fields.Integer(strict=True, allow_none=True)
    supplier_name = Stripped(validate=Length(1, 200), allow_none=True)
    supplier_orderid = Stripped(validate=Length(max=100), allow_none=True)
    delivery_date = fields.Date(allow_none=True)
    remarks = fields.String(validate=Length(max=5000), allow_none=True)


class PurchaseOrderInput(PurchaseOrderDetailsInput):
    products = fields.List(fields.Nested(LineInput), load_default=list,
                           validate=Length(max=MAX_LINES, error="At most {max} lines."))

    @validates_schema
    def names_a_supplier(self, data, **kwargs):
        if not data.get("idsupplier") and not data.get("supplier_name"):
            raise ValidationError("Give idsupplier (one of your suppliers) or supplier_name.", "idsupplier")

    @validates_schema
    def each_product_once(self, data, **kwargs):
        each_product_once(data)


def each_product_once(data: dict) -> None:
    seen = set()
    for number, line in enumerate(data.get("products", [])):
        product = line.get("idproduct", line.get("productcode"))
        if product in seen:
            raise ValidationError({"products": {number: [f"{product} is on the order twice; add the amounts up."]}})
        seen.add(product)


class PurchaseOrderFilters(Schema):
    class Meta:
        unknown = RAISE

    status = fields.String(validate=OneOf(STATUSES), allow_none=True)
    idsupplier = fields.Integer(strict=True, allow_none=True)
    search = Stripped(validate=Length(max=100), allow_none=True)
    # A portal user's warehouses: orders purchased into these, and concepts (no warehouse yet).
    idwarehouses = fields.List(fields.Integer(strict=True), allow_none=True)


class PurchaseOrderLineOutput(Schema):
    idpurchaseorder_product = fields.Integer(attribute="id")
    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.String()
    name = fields.String()
    amount = fields.Integer()
    amountreceived = fields.Integer(attribute="amount_received")
    # What the warehouse still expects of this line (nothing once the order is cancelled).
    amount_expected = fields.Function(
        lambda line: 0 if line.purchase_order.status == "cancelled" else max(0, line.amount - line.amount_received))


class PurchaseOrderChangeOutput(Schema):
    changed_by = fields.String()
    change = fields.String()
    created_at = fields.DateTime()


def document_number(prefix: str):
    """The numbers clients see and quote: a prefix, the year, then the id (PO2026000012)."""
    return lambda row: f"{prefix}{row.created_at:%Y}{row.id:06d}"


purchase_order_number = document_number("PO")
receipt_number = document_number("R")


class PurchaseOrderOutput(Schema):
    idpurchaseorder = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    purchaseorderid = fields.Function(purchase_order_number)
    idsupplier = fields.Integer(attribute="supplier_id", allow_none=True)
    supplier_name = fields.String()
    supplier_orderid = fields.String(allow_none=True)
    idwarehouse = fields.Integer(attribute="warehouse_id", allow_none=True)
    status = fields.String(validate=OneOf(STATUSES))
    # Whether the client may still change lines and details or cancel: until the first receipt.
    changeable_by_client = fields.Boolean()
    remarks = fields.String(allow_none=True)
    delivery_date = fields.Date(allow_none=True)
    created_by = fields.String()
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")
    purchased = fields.DateTime(attribute="purchased_at", allow_none=True)
    completed = fields.DateTime(attribute="completed_at", allow_none=True)
    products = fields.List(fields.Nested(PurchaseOrderLineOutput), attribute="lines")
    history = fields.List(fields.Nested(PurchaseOrderChangeOutput), attribute="changes")
    receipts = fields.List(fields.Nested(lambda: ReceiptOutput()))


class ReceivedLineInput(Schema):
    """A line of a receipt: the purchase order's line (by idpurchaseorder_product, idproduct or
    productcode) and how many arrived."""

    class Meta:
        unknown = RAISE

    idpurchaseorder_product = fields.Integer(strict=True)
    idproduct = fields.Integer(strict=True)
    productcode = Stripped(validate=Length(1, 100))
    amount = whole_amount(required=True)


class ReceiptInput(Schema):
    class Meta:
        unknown = RAISE

    products = fields.List(fields.Nested(ReceivedLineInput), required=True,
                           validate=Length(1, MAX_LINES, error="A receipt needs between {min} and {max} lines."))
    remarks = fields.String(validate=Length(max=5000), allow_none=True)
    # Receiving more than announced is a deliberate act: without this it is refused.
    allow_over_receipt = fields.Boolean(load_default=False)


class ReceiptFilters(Schema):
    class Meta:
        unknown = RAISE

    idpurchaseorder = fields.Integer(strict=True, allow_none=True)
    idwarehouses = fields.List(fields.Integer(strict=True), allow_none=True)


class ReceiptLineOutput(Schema):
    idreceipt_product = fields.Integer(attribute="id")
    idpurchaseorder_product = fields.Integer(attribute="purchase_order_line_id")
    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.Function(lambda line: line.purchase_order_line.productcode)
    name = fields.Function(lambda line: line.purchase_order_line.name)
    amount = fields.Integer()
    # Of `amount`, what was more than the purchase order still expected (allow_over_receipt).
    amount_excessive = fields.Integer()


class ReceiptOutput(Schema):
    idreceipt = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    receiptid = fields.Function(receipt_number)
    idpurchaseorder = fields.Integer(attribute="purchase_order_id")
    purchaseorderid = fields.Function(lambda receipt: purchase_order_number(receipt.purchase_order))
    supplier_name = fields.Function(lambda receipt: receipt.purchase_order.supplier_name)
    idwarehouse = fields.Integer(attribute="warehouse_id")
    # "processing" until catalog has booked its stock (the system finishes it by itself), then "completed".
    status = fields.Function(lambda receipt: "completed" if receipt.booking.status == "booked" else "processing")
    remarks = fields.String(allow_none=True)
    amount_received = fields.Function(lambda receipt: sum(line.amount for line in receipt.lines))
    amount_received_excessive = fields.Function(lambda receipt: sum(line.amount_excessive for line in receipt.lines))
    created_by = fields.String()
    created = fields.DateTime(attribute="created_at")
    completed_at = fields.Function(lambda receipt: receipt.booking.answered_at.isoformat()
                                   if receipt.booking.status == "booked" else None)
    products = fields.List(fields.Nested(ReceiptLineOutput), attribute="lines")


class StockTransferInput(Schema):
    """A stock transfer: where the client ships from, when it should arrive, and what it sends."""

    class Meta:
        unknown = RAISE

    origin = Stripped(required=True, validate=Length(1, 200))
    expected_date = fields.Date(allow_none=True)
    remarks = fields.String(validate=Length(max=5000), allow_none=True)
    products = fields.List(fields.Nested(LineInput), required=True,
                           validate=Length(1, MAX_LINES, error="A stock transfer needs between {min} and {max} lines."))

    @validates_schema
    def each_product_once(self, data, **kwargs):
        each_product_once(data)


class ReceivedTransferLineInput(Schema):
    """What arrived of one line (by idstocktransfer_product, idproduct or productcode): 0 when
    nothing of it came."""

    class Meta:
        unknown = RAISE

    idstocktransfer_product = fields.Integer(strict=True)
    idproduct = fields.Integer(strict=True)
    productcode = Stripped(validate=Length(1, 100))
    amount = fields.Integer(required=True, strict=True,
                            validate=Range(0, MAX_AMOUNT, error="Must be a whole number from {min} to {max}."),
                            error_messages={"invalid": "Must be a whole number from 0 to 100000."})


class ReceiveTransferInput(Schema):
    class Meta:
        unknown = RAISE

    # Lines not named arrived in full.
    products = fields.List(fields.Nested(ReceivedTransferLineInput), load_default=list,
                           validate=Length(max=MAX_LINES, error="At most {max} lines."))
    remarks = fields.String(validate=Length(max=5000), allow_none=True)


class StockTransferFilters(Schema):
    class Meta:
        unknown = RAISE

    status = fields.String(validate=OneOf(TRANSFER_STATUSES), allow_none=True)
    # The portal user (or API key) who made it, as the lists show it.
    created_by = Stripped(validate=Length(max=200), allow_none=True)
    search = Stripped(validate=Length(max=100), allow_none=True)
    # A portal user's warehouses: transfers to these only.
    idwarehouses = fields.List(fields.Integer(strict=True), allow_none=True)


class StockTransferLineOutput(Schema):
    idstocktransfer_product = fields.Integer(attribute="id")
    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.String()
    name = fields.String()
    amount = fields.Integer()
    amount_received = fields.Integer(allow_none=True)
    # Received less announced (negative: short), once received.
    amount_difference = fields.Function(
        lambda line: None if line.amount_received is None else line.amount_received - line.amount)


stock_transfer_number = document_number("ST")


class StockTransferOutput(Schema):
    idstocktransfer = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    stocktransferid = fields.Function(stock_transfer_number)
    idwarehouse = fields.Integer(attribute="warehouse_id")
    status = fields.String(validate=OneOf(TRANSFER_STATUSES))
    origin = fields.String()
    expected_date = fields.Date(allow_none=True)
    remarks = fields.String(allow_none=True)
    created_by = fields.String()
    created_by_client = fields.Boolean()
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")
    received_by = fields.String(allow_none=True)
    received = fields.DateTime(attribute="received_at", allow_none=True)
    cancelled = fields.DateTime(attribute="cancelled_at", allow_none=True)
    # Once received: "processing" until catalog has booked its stock, then "completed".
    stock_status = fields.Function(lambda transfer: None if transfer.booking is None else
                                   "completed" if transfer.booking.status == "booked" else "processing",
                                   allow_none=True)
    products = fields.List(fields.Nested(StockTransferLineOutput), attribute="lines")


class ExpectedInboundFilters(Schema):
    class Meta:
        unknown = RAISE

    idproduct = fields.Integer(strict=True, allow_none=True)
    # A portal user's warehouses: what comes to these (and concept purchase orders, which may).
    idwarehouses = fields.List(fields.Integer(strict=True), allow_none=True)


class ExpectedInboundSource(Schema):
    type = fields.String(validate=OneOf(("purchaseorder", "stocktransfer")))
    id = fields.Integer()
    number = fields.String()  # PO2026000012, ST2026000005
    status = fields.String()
    amount = fields.Integer()  # still expected of the product
    expected_date = fields.Date(allow_none=True)


class ExpectedInboundOutput(Schema):
    """What is on its way of one product: open purchase orders and stock transfers to ship."""

    idproduct = fields.Integer()
    productcode = fields.String()
    name = fields.String()
    amount_expected = fields.Integer()
    first_expected_date = fields.Date(allow_none=True)
    sources = fields.List(fields.Nested(ExpectedInboundSource))


class AnnouncedCustomer(Schema):
    """The part of accounts' customer that purchasing keeps; accounts may add fields freely."""

    class Meta:
        unknown = EXCLUDE

    idfulfilment_customer = fields.Integer(required=True, strict=True)
    idwarehouse_purchaseorders = fields.Integer(required=True, allow_none=True)


class CustomerAnnouncedInput(Schema):
    """What purchasing reads from accounts' customer_created and customer_updated events."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    customer = fields.Nested(AnnouncedCustomer, required=True)
    version = fields.Integer(required=True, strict=True)


class FoundProduct(Schema):
    """The part of catalog's product (find_products) a purchase order line copies."""

    class Meta:
        unknown = EXCLUDE

    idproduct = fields.Integer(required=True, strict=True)
    productcode = fields.String(required=True)
    name = fields.String(required=True)


supplier_output = SupplierOutput()
purchase_order_output = PurchaseOrderOutput()
receipt_output = ReceiptOutput()
stock_transfer_output = StockTransferOutput()


class GoodsReceivedLine(Schema):
    idproduct = fields.Integer(required=True)
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    amount = fields.Integer(required=True)


class GoodsReceivedPayload(Schema):
    event_id = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    idwarehouse = fields.Integer(required=True)
    type = fields.String(required=True, validate=OneOf(("receipt", "transfer")))
    id = fields.Integer(required=True)
    number = fields.String(required=True)  # R2026000003 or ST2026000005, as the client knows it
    idpurchaseorder = fields.Integer(required=True, allow_none=True)  # a receipt's purchase order
    products = fields.List(fields.Nested(GoodsReceivedLine), required=True)
