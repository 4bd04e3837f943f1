"""The shapes that cross the catalog service's edge (field names as Picqer's API)."""
from datetime import date, datetime, time, timezone
from decimal import Decimal

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields
from marshmallow.validate import Length, NoneOf, OneOf, Range

from servicekit.validation import Stripped

MAX_PRICE = Decimal("9999999999.99")  # what Numeric(12, 2) holds
MAX_INT = 2**31 - 1  # what a PostgreSQL integer holds
REFERENCE_TYPES = ("receipt", "return", "transfer")
PRODUCT_SORTS = ("productcode", "name", "price", "freestock", "created_at")


class Identifier(fields.String):
    """Another service's id, sent as a number or as text; kept as text."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class UtcDateTime(fields.DateTime):
    """ISO 8601 in UTC, whatever time zone the database session uses."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(value and value.astimezone(timezone.utc), attr, obj, **kwargs)


class Moment(fields.Field):
    """A date or date and time, ISO 8601 or as Picqer writes it ("2019-04-03 21:14:18"); one
    without a zone is UTC. A bare date is its first moment, or its last with `end_of_day`
    (so that `untildate=2019-04-03` includes that day)."""

    def __init__(self, *, end_of_day: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.end_of_day = end_of_day

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        if not isinstance(value, str):
            raise ValidationError("Not a valid date or time.")
        value = value.strip()
        try:
            if len(value) == len("2019-04-03"):
                moment = datetime.combine(date.fromisoformat(value), time.max if self.end_of_day else time())
            else:
                moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError("Not a valid date or time; use 2019-04-03 or 2019-04-03 21:14:18.") from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        try:
            moment.astimezone(timezone.utc)  # the database and its readers work in UTC
        except OverflowError:
            raise ValidationError("Not a date and time from year 1 to 9999 in UTC.") from None
        return moment


class ProductInput(Schema):
    class Meta:
        unknown = RAISE

    productcode = Stripped(required=True, validate=Length(1, 100))
    name = Stripped(required=True, validate=Length(1, 200))
    barcode = Stripped(allow_none=True, validate=Length(max=100))
    price = fields.Decimal(places=2, validate=Range(0, MAX_PRICE))
    costprice = fields.Decimal(places=2, validate=Range(0, MAX_PRICE))
    weight = fields.Integer(strict=True, validate=Range(0, MAX_INT))
    active = fields.Boolean()
    minimum_stock = fields.Integer(strict=True, validate=Range(0, MAX_INT))
    description = fields.String(validate=Length(max=10_000), allow_none=True)
    idvatgroup = fields.Integer(strict=True, validate=Range(1, MAX_INT), attribute="vatgroup_id")


# None: every warehouse; a list: only those.
WAREHOUSE_IDS = fields.List(fields.Integer(strict=True), allow_none=True)


class ProductFilters(Schema):
    """What a product list can be narrowed and ordered by; `-` before a sort key reverses it."""

    class Meta:
        unknown = RAISE

    active = fields.Boolean(allow_none=True)
    productcode = fields.String(allow_none=True)  # exactly this code, as Picqer's filter
    updated_since = Moment(allow_none=True)
    stock = fields.String(allow_none=True, validate=OneOf(("in_stock", "out_of_stock", "below_minimum")))
    sort = fields.String(allow_none=True, validate=OneOf(PRODUCT_SORTS + tuple(f"-{key}" for key in PRODUCT_SORTS)))
    # A portal user limited to some warehouses: free stock, its filters and sort count only those.
    idwarehouses = WAREHOUSE_IDS


class StockHistoryFilters(Schema):
    class Meta:
        unknown = RAISE

    idproduct_stock_history = fields.Integer(strict=True, allow_none=True)  # one movement (GET /stockhistory/{id})
    idproduct = fields.Integer(strict=True, allow_none=True)
    idwarehouse = fields.Integer(strict=True, allow_none=True)
    idwarehouses = WAREHOUSE_IDS
    iduser = fields.Integer(strict=True, allow_none=True)
    sincedate = Moment(allow_none=True)
    untildate = Moment(allow_none=True, end_of_day=True)


class WarehouseInput(Schema):
    name = Stripped(required=True, validate=Length(1, 200))


class StockChangeInput(Schema):
    """A relative change, as Picqer's `POST /products/{id}/stock/{idwarehouse}` takes it."""

    change = fields.Integer(required=True, strict=True, validate=NoneOf([0], error="Must not be zero."))
    reason = fields.String(load_default="", validate=Length(max=1000))


class StockAsOfInput(Schema):
    at = Moment(required=True, end_of_day=True)


class StockAsOfRow(Schema):
    """A product's stock in one warehouse at a moment, valued at the cost price valid then."""

    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.String()
    name = fields.String()
    idwarehouse = fields.Integer(attribute="warehouse_id")
    stock = fields.Integer(attribute="new_stock")
    costprice = fields.Decimal(places=2, as_string=True)
    costprice_since = UtcDateTime(allow_none=True)
    value = fields.Function(lambda row: str((row.costprice * row.new_stock).quantize(Decimal("0.01"))))


class StockAmountInput(Schema):
    """Setting the level to an amount, as Picqer's `{"amount": 10, "reason": "..."}`."""

    amount = fields.Integer(required=True, strict=True, validate=Range(0, MAX_INT))
    reason = fields.String(load_default="", validate=Length(max=1000))


class StockReference(Schema):
    """What moved the stock: a receipt, return or transfer line in the service that owns it."""

    class Meta:
        unknown = RAISE

    type = fields.String(required=True, validate=OneOf(REFERENCE_TYPES))
    id = Identifier(required=True, validate=Length(1, 100))


MAX_LINES_PER_CALL = 5000  # order lines reserved, released or looked up in one call; lines received at once


class ReceivedLineInput(Schema):
    class Meta:
        unknown = EXCLUDE  # the sending service's own fields on its lines (their ids) will do

    idproduct = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    amount = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))


def _each_once(key: str, what: str, hint: str = ""):
    """A validator: no two lines name the same `key` (their `what`)."""
    def check(lines: list[dict]) -> None:
        seen = set()
        for line in lines:
            if line[key] in seen:
                raise ValidationError(f"{what} {line[key]} is named twice{hint}", "lines")
            seen.add(line[key])
    return check


_each_product_once = _each_once("idproduct", "product", "; add the amounts up")
_unique_lines = _each_once("order_line_id", "order line")


class ReceiptInput(Schema):
    """Goods in: the lines of one receipt, return or transfer, each product once."""

    idwarehouse = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    reference = fields.Nested(StockReference, required=True)
    lines = fields.List(fields.Nested(ReceivedLineInput), required=True,
                        validate=[Length(1, MAX_LINES_PER_CALL), _each_product_once])
    iduser = fields.Integer(strict=True, allow_none=True, load_default=None, validate=Range(1, MAX_INT))


class OrderLineClaimInput(Schema):
    """An order line asking for `amount` of a product (its whole amount, also when asked again)."""

    class Meta:
        unknown = EXCLUDE  # a line as orders keeps it (with what was picked, say) will do

    order_line_id = fields.Integer(required=True, strict=True, validate=Range(1))
    idproduct = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    amount = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))


class OrderLineReleaseInput(Schema):
    class Meta:
        unknown = EXCLUDE  # the lines as they were claimed (with their amount) will do

    order_line_id = fields.Integer(required=True, strict=True, validate=Range(1))
    idproduct = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))


class PicklistLineInput(Schema):
    """An order line on a closing picklist: `amount` of what it holds was put on the picklist,
    `picked` of those were picked."""

    order_line_id = fields.Integer(required=True, strict=True, validate=Range(1))
    idproduct = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    amount = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    picked = fields.Integer(required=True, strict=True, validate=Range(0, MAX_INT))


class ClosedPicklist(Schema):
    idpicklist = fields.Integer(required=True, strict=True, validate=Range(1))
    picklistid = fields.String(required=True, validate=Length(1, 40))
    reason = fields.String(load_default=None, allow_none=True, validate=Length(max=500))


class PicklistConsumptionInput(Schema):
    idwarehouse = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    picklist = fields.Nested(ClosedPicklist, required=True)
    lines = fields.List(fields.Nested(PicklistLineInput), required=True,
                        validate=[Length(1, MAX_LINES_PER_CALL), _unique_lines])


class OrderLineClaimsInput(Schema):
    idwarehouse = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    lines = fields.List(fields.Nested(OrderLineClaimInput), required=True,
                        validate=[Length(1, MAX_LINES_PER_CALL), _unique_lines])


class OrderLineReleasesInput(Schema):
    idwarehouse = fields.Integer(required=True, strict=True, validate=Range(1, MAX_INT))
    lines = fields.List(fields.Nested(OrderLineReleaseInput), required=True,
                        validate=[Length(1, MAX_LINES_PER_CALL), _unique_lines])


class OrderLineIdsInput(Schema):
    order_line_ids = fields.List(fields.Integer(strict=True, validate=Range(1)), required=True,
                                 validate=Length(0, MAX_LINES_PER_CALL))


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
    costprice = fields.Decimal(places=2, as_string=True)
    weight = fields.Integer()
    active = fields.Boolean()
    minimum_stock = fields.Integer()
    description = fields.String(allow_none=True)
    idvatgroup = fields.Integer(attribute="vatgroup_id")
    created_at = UtcDateTime()
    updated_at = UtcDateTime()
    stock = fields.List(fields.Nested(WarehouseStock), attribute="stock_levels")
    freestock = fields.Function(lambda product: sum(level.free for level in product.stock_levels))


class StockMovementOutput(Schema):
    """One line of the stock history, with Picqer's field names."""

    idproduct_stock_history = fields.Integer(attribute="id")
    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.Function(lambda movement: movement.product.productcode)
    idwarehouse = fields.Integer(attribute="warehouse_id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    old_stock = fields.Integer()
    stock_change = fields.Integer(attribute="change")
    new_stock = fields.Integer()
    reason = fields.String()
    reference_type = fields.String(allow_none=True)
    reference_id = fields.String(allow_none=True)
    changed_by = fields.String(allow_none=True)
    iduser = fields.Integer(attribute="user_id", allow_none=True)
    changed_at = UtcDateTime(attribute="created_at")


class ProductImageOutput(Schema):
    idproduct_image = fields.Integer(attribute="id")
    idproduct = fields.Integer(attribute="product_id")
    content_type = fields.String()
    width = fields.Integer()
    height = fields.Integer()
    size = fields.Integer()
    created_at = UtcDateTime()


class ReservationOutput(Schema):
    """An order line's claim: it holds `amount` of the `wanted`; the rest waits for stock.
    `version` grows with every change, so an older answer can be told from a newer one."""

    order_line_id = fields.Integer()
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    idproduct = fields.Integer(attribute="product_id")
    idwarehouse = fields.Integer(attribute="warehouse_id")
    wanted = fields.Integer()  # what it still wants: the line's amount less what shipped
    amount = fields.Integer()
    consumed = fields.Integer()  # shipped on closed picklists
    status = fields.String(validate=OneOf(("reserved", "released", "consumed")))
    version = fields.Integer()


class ProductsAnnouncedPayload(Schema):
    """products_created, products_updated: one event per transaction, listing every product it
    created (or changed), so that an import of 5,000 products is one event, not 5,000."""

    event_id = fields.String(required=True)
    products = fields.List(fields.Nested(ProductOutput), required=True)


class ReservationsFilledPayload(Schema):
    """Waiting reservations of one customer's product in one warehouse got stock (a receipt,
    a correction, a release), oldest first."""

    event_id = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    reservations = fields.List(fields.Nested(ReservationOutput), required=True)


class StockChangedPayload(Schema):
    event_id = fields.String(required=True)
    stock = fields.Nested(StockLevelOutput, required=True)


class FreeStockOfProduct(Schema):
    idfulfilment_customer = fields.Integer(required=True)
    idproduct = fields.Integer(required=True)
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    freestock = fields.Integer(required=True)  # over all warehouses, when the transaction committed


class FreeStockChangedPayload(Schema):
    event_id = fields.String(required=True)
    # every product whose free stock the transaction changed, each once (of one or more customers)
    products = fields.List(fields.Nested(FreeStockOfProduct), required=True)


class StockFellBelowMinimumPayload(Schema):
    event_id = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    idproduct = fields.Integer(required=True)
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    minimum_stock = fields.Integer(required=True)
    freestock = fields.Integer(required=True)  # over all warehouses, just after the fall


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
stock_movement_output = StockMovementOutput()
stock_as_of_row = StockAsOfRow()
reservation_output = ReservationOutput()
product_image_output = ProductImageOutput()
