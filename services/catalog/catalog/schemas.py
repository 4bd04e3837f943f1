"""The shapes that cross the catalog service's edge (field names as Picqer's API)."""
from datetime import timezone
from decimal import Decimal

from marshmallow import EXCLUDE, RAISE, Schema, fields
from marshmallow.validate import Length, NoneOf, Range

MAX_PRICE = Decimal("9999999999.99")  # what Numeric(12, 2) holds


class Stripped(fields.String):
    """Text without the spaces people paste around codes and names."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip()


class UtcDateTime(fields.DateTime):
    """ISO 8601 in UTC, whatever time zone the database session uses."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(value and value.astimezone(timezone.utc), attr, obj, **kwargs)


class ProductInput(Schema):
    class Meta:
        unknown = RAISE

    productcode = Stripped(required=True, validate=Length(1, 100))
    name = Stripped(required=True, validate=Length(1, 200))
    barcode = Stripped(allow_none=True, validate=Length(max=100))
    price = fields.Decimal(places=2, validate=Range(0, MAX_PRICE))


class WarehouseInput(Schema):
    name = Stripped(required=True, validate=Length(1, 200))


class StockChangeInput(Schema):
    """A relative change, as Picqer's `POST /products/{id}/stock/{idwarehouse}` takes it."""

    change = fields.Integer(required=True, strict=True, validate=NoneOf([0], error="Must not be zero."))
    reason = fields.String(load_default="", validate=Length(max=1000))


class WarehouseOutput(Schema):
    idwarehouse = fields.Integer(attribute="id")
    name = fields.String()


class WarehouseStock(Schema):
    """A product's stock in one warehouse; free stock is what orders can still claim."""

    idwarehouse = fields.Integer(attribute="warehouse_id")
    stock = fields.Integer(attribute="on_hand")
    reserved = fields.Integer()
    freestock = fields.Integer(attribute="free")


class StockLevelOutput(WarehouseStock):
    idproduct = fields.Integer(attribute="product_id")
    customer_id = fields.Function(lambda level: level.product.customer_id)


class ProductOutput(Schema):
    idproduct = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    productcode = fields.String()
    name = fields.String()
    barcode = fields.String(allow_none=True)
    price = fields.Decimal(places=2, as_string=True)
    created_at = UtcDateTime()
    stock = fields.List(fields.Nested(WarehouseStock), attribute="stock_levels")
    freestock = fields.Function(lambda product: sum(level.free for level in product.stock_levels))


class ProductCreatedPayload(Schema):
    event_id = fields.String(required=True)
    product = fields.Nested(ProductOutput, required=True)


class StockChangedPayload(Schema):
    event_id = fields.String(required=True)
    stock = fields.Nested(StockLevelOutput, required=True)


class AnnouncedCustomer(Schema):
    """The part of accounts' customer that catalog keeps; accounts may add fields freely."""

    class Meta:
        unknown = EXCLUDE

    idfulfilment_customer = fields.Integer(required=True, strict=True)
    name = fields.String(required=True)


class CustomerCreatedInput(Schema):
    """What catalog reads from accounts' `customer_created` event."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    customer = fields.Nested(AnnouncedCustomer, required=True)


product_output = ProductOutput()
warehouse_output = WarehouseOutput()
stock_level_output = StockLevelOutput()
