"""The shapes that cross the orders service's edge (field names as Picqer's API)."""
import pycountry
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, pre_load, validates, validates_schema
from marshmallow.validate import Email, Length, OneOf, Range, Regexp

from orders.shipping_rules import CARRIERS, TRACKINGCODE, cancellable_until
from orders.statuses import (
    CHANGES_ALLOWED_UNTIL, CONSUMPTION_STATES, PICKLIST_STATUSES, RESERVATION_STATES, RETURN_STATUSES, STATUSES,
)
from servicekit.validation import JsonBoolean, Stripped

SOURCES = ("portal", "api", "webshop")
# Quantities above this are typing errors, not orders (and would overflow nothing downstream).
MAX_AMOUNT = 100_000
MAX_LINES = 10_000


class OrderLineInput(Schema):
    class Meta:
        unknown = RAISE

    idproduct = fields.Integer(strict=True)
    productcode = Stripped(validate=Length(1, 100))
    amount = fields.Integer(required=True, strict=True, validate=Range(1, MAX_AMOUNT))

    @validates_schema
    def names_one_product(self, data, **kwargs):
        if ("idproduct" in data) == ("productcode" in data):
            raise ValidationError("Give either idproduct or productcode.")


def _known_country(value: str) -> None:
    if pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError("Use a two-letter ISO country code, e.g. NL.")


class DeliveryAddressInput(Schema):
    """Where an order goes; on its own when a client changes the address of a placed order."""

    class Meta:
        unknown = RAISE

    deliveryname = Stripped(required=True, validate=Length(1, 200))
    deliverycontactname = Stripped(validate=Length(max=200), allow_none=True)
    deliveryaddress = Stripped(required=True, validate=Length(1, 300))
    deliveryaddress2 = Stripped(validate=Length(max=300), allow_none=True)
    deliveryzipcode = Stripped(required=True, validate=Length(1, 20))
    deliverycity = Stripped(required=True, validate=Length(1, 100))
    deliverycountry = Stripped(required=True)

    @pre_load
    def upper_country(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("deliverycountry"), str):
            data = {**data, "deliverycountry": data["deliverycountry"].strip().upper()}
        return data

    @validates("deliverycountry")
    def known_country(self, value, **kwargs):
        _known_country(value)


class RecipientInput(Schema):
    """The recipient's, for the carrier's notices (Picqer's names); the address book keeps them too."""

    class Meta:
        unknown = RAISE

    emailaddress = Stripped(validate=[Length(max=254), Email(error="Not a valid email address.")], allow_none=True)
    telephone = Stripped(validate=Length(max=50), allow_none=True)


class OrderDetailsInput(DeliveryAddressInput, RecipientInput):
    """Everything of an order but its products: what the current order keeps as it is typed."""

    reference = Stripped(validate=Length(max=100), allow_none=True)
    customer_remarks = fields.String(validate=Length(max=5000), allow_none=True)
    # How the client wants it sent: one of the profiles it may use (None: the warehouse chooses).
    idshippingprovider_profile = fields.Integer(strict=True, allow_none=True)


class PlacedOrderLineInput(OrderLineInput):
    """A line as an order is placed: Picqer's `price` (per unit) is the product's unless given."""

    price = fields.Decimal(places=2, validate=Range(0, 10**9), allow_none=True)


class InvoiceInput(Schema):
    """Picqer's invoice fields and `idcustomer` (the client's own customer) of an order placed by
    the API, kept as the client sent them (the current order, which the portal fills, has none)."""

    class Meta:
        unknown = RAISE

    invoicename = Stripped(validate=Length(max=200), allow_none=True)
    invoicecontactname = Stripped(validate=Length(max=200), allow_none=True)
    invoiceaddress = Stripped(validate=Length(max=300), allow_none=True)
    invoiceaddress2 = Stripped(validate=Length(max=300), allow_none=True)
    invoicezipcode = Stripped(validate=Length(max=20), allow_none=True)
    invoicecity = Stripped(validate=Length(max=100), allow_none=True)
    invoicecountry = Stripped(validate=_known_country, allow_none=True)
    idcustomer = fields.Integer(strict=True, validate=Range(1, 2**31 - 1), allow_none=True)

    @pre_load
    def upper_invoice_country(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("invoicecountry"), str):
            data = {**data, "invoicecountry": data["invoicecountry"].strip().upper()}
        return data


class OrderInput(OrderDetailsInput, InvoiceInput):
    """An order as it is placed: the current order's details, Picqer's invoice fields and its lines."""

    products = fields.List(fields.Nested(PlacedOrderLineInput), required=True,
                           validate=Length(1, MAX_LINES, error="An order needs between {min} and {max} lines."))

    @validates_schema
    def each_product_once(self, data, **kwargs):
        seen = set()
        for number, line in enumerate(data.get("products", [])):
            product = line.get("idproduct", line.get("productcode"))
            if product in seen:
                raise ValidationError({"products": {number: [f"{product} is on the order twice; add the amounts up."]}})
            seen.add(product)


class OrderChangeInput(DeliveryAddressInput, RecipientInput, InvoiceInput):
    """What a placed order's update changes (Picqer's PUT /orders/{id}): its delivery address,
    recipient and invoice fields, only those named."""


class CommentInput(Schema):
    class Meta:
        unknown = RAISE

    body = Stripped(required=True, validate=Length(1, 5000))


MAX_TAGS = 20


class TagsInput(Schema):
    class Meta:
        unknown = RAISE

    tags = fields.List(Stripped(validate=Length(1, 40)), required=True,
                       validate=Length(max=MAX_TAGS, error="At most {max} tags."))

    @pre_load
    def titles_of_picqer_tags(self, data, **kwargs):
        """An order's `tags` as it is read (Picqer's object keyed by title) names those titles."""
        if isinstance(data.get("tags"), dict):
            return {**data, "tags": list(data["tags"])}
        return data


TAG_COLOR = Regexp(r"^#[0-9A-Fa-f]{6}$", error="A colour as #rrggbb, e.g. #a68198.")
DEFAULT_TAG_COLOR = "#7f8c8d"


class TagInput(Schema):
    """A tag as Picqer's /tags creates one: a title (unique per client), a colour, `inherit`."""

    class Meta:
        unknown = RAISE

    title = Stripped(required=True, validate=Length(1, 40))
    color = fields.String(validate=TAG_COLOR, load_default=DEFAULT_TAG_COLOR)
    inherit = JsonBoolean(load_default=False)


def text_color(color: str) -> str:
    """Picqer's `textColor`: black on a light tag, white on a dark one."""
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue >= 128 else "#ffffff"


class TagOutput(Schema):
    idtag = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    title = fields.String()
    color = fields.String()
    inherit = fields.Boolean()
    textColor = fields.Function(lambda tag: text_color(tag.color))


def picqer_tags(tags) -> dict | list:
    """An order's tags as Picqer gives them: an object keyed by title, each the tag; none is `[]`,
    as Picqer (PHP, whose empty array is a JSON list) writes it."""
    return {tag.title: tag_output.dump(tag) for tag in tags} or []


class CommentOutput(Schema):
    idcomment = fields.Integer(attribute="id")
    author = fields.String()
    body = fields.String()
    created_at = fields.DateTime()


class OrderLineOutput(Schema):
    idorder_product = fields.Integer(attribute="id")
    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.String()
    name = fields.String()
    price = fields.Decimal(places=2, as_string=True)
    amount = fields.Integer()
    allocated = fields.Integer()
    backordered = fields.Integer()
    shipped = fields.Integer()


class OrderChangeOutput(Schema):
    changed_by = fields.String()
    change = fields.String()
    details = fields.Dict()
    created_at = fields.DateTime()


def order_number(order) -> str:
    """The number clients see and quote: the year, then the id (2026000031)."""
    return f"{order.created_at:%Y}{order.id:06d}"


class OrderOutput(Schema):
    idorder = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    orderid = fields.Function(order_number)
    reference = fields.String(allow_none=True)
    source = fields.String(validate=OneOf(SOURCES))
    idwebshop = fields.Integer(attribute="webshop_id", allow_none=True)
    status = fields.String(validate=OneOf(STATUSES))
    # Whether the client may still change the address or cancel (the portal shows or hides it),
    # and the client's rule: the status from which it no longer may (the portal says it).
    changeable_by_client = fields.Boolean()
    changes_allowed_until = fields.String(validate=OneOf(CHANGES_ALLOWED_UNTIL))
    deliveryname = fields.String()
    deliverycontactname = fields.String(allow_none=True)
    deliveryaddress = fields.String()
    deliveryaddress2 = fields.String(allow_none=True)
    deliveryzipcode = fields.String()
    deliverycity = fields.String()
    deliverycountry = fields.String()
    customer_remarks = fields.String(allow_none=True)
    emailaddress = fields.String(allow_none=True)
    telephone = fields.String(allow_none=True)
    invoicename = fields.String(allow_none=True)
    invoicecontactname = fields.String(allow_none=True)
    invoiceaddress = fields.String(allow_none=True)
    invoiceaddress2 = fields.String(allow_none=True)
    invoicezipcode = fields.String(allow_none=True)
    invoicecity = fields.String(allow_none=True)
    invoicecountry = fields.String(allow_none=True)
    idcustomer = fields.Integer(attribute="end_customer_id", allow_none=True)
    idshippingprovider_profile = fields.Integer(attribute="shipping_profile_id", allow_none=True)
    tags = fields.Function(lambda order: picqer_tags(order.tags))
    idwarehouse = fields.Integer(attribute="warehouse_id", allow_none=True)
    processed = fields.DateTime(attribute="processed_at", allow_none=True)
    # Whether a product of one of its picklists was picked (the client's changes stop there).
    picking_started = fields.Boolean()
    # Where the order stands with the catalog's reservations: "asked" while its stock is being
    # reserved (the catalog did not answer yet; the system asks again by itself).
    stock_reservation = fields.String(validate=OneOf(RESERVATION_STATES))
    created_by = fields.String()
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")
    products = fields.List(fields.Nested(OrderLineOutput), attribute="lines")
    picklists = fields.List(fields.Nested(lambda: PicklistSummary()))
    history = fields.List(fields.Nested(OrderChangeOutput), attribute="changes")
    comments = fields.List(fields.Nested(CommentOutput))


def picklist_number(picklist) -> str:
    """The number the warehouse reads on the paper: P, the year, then the id (P2026000012)."""
    return f"P{picklist.created_at:%Y}{picklist.id:06d}"


class PicklistSummary(Schema):
    idpicklist = fields.Integer(attribute="id")
    picklistid = fields.Function(picklist_number)
    status = fields.String(validate=OneOf(PICKLIST_STATUSES))


class PicklistLineOutput(Schema):
    """Picqer's picklist product: an order line's units on the picklist."""

    idpicklist_product = fields.Integer(attribute="id")
    idorder_product = fields.Integer(attribute="order_line_id")
    idproduct = fields.Function(lambda line: line.line.product_id)
    productcode = fields.Function(lambda line: line.line.productcode)
    name = fields.Function(lambda line: line.line.name)
    amount = fields.Integer()
    amount_picked = fields.Integer()


class PicklistOutput(Schema):
    """Picqer's picklist, with the order's delivery address."""

    idpicklist = fields.Integer(attribute="id")
    picklistid = fields.Function(picklist_number)
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    idorder = fields.Integer(attribute="order_id")
    orderid = fields.Function(lambda picklist: order_number(picklist.order))
    reference = fields.Function(lambda picklist: picklist.order.reference)
    idwarehouse = fields.Integer(attribute="warehouse_id")
    status = fields.String(validate=OneOf(PICKLIST_STATUSES))
    deliveryname = fields.Function(lambda picklist: picklist.order.deliveryname)
    deliverycontact = fields.Function(lambda picklist: picklist.order.deliverycontactname)
    deliveryaddress = fields.Function(lambda picklist: picklist.order.deliveryaddress)
    deliveryaddress2 = fields.Function(lambda picklist: picklist.order.deliveryaddress2)
    deliveryzipcode = fields.Function(lambda picklist: picklist.order.deliveryzipcode)
    deliverycity = fields.Function(lambda picklist: picklist.order.deliverycity)
    deliverycountry = fields.Function(lambda picklist: picklist.order.deliverycountry)
    totalproducts = fields.Function(lambda picklist: sum(line.amount for line in picklist.lines))
    totalpicked = fields.Function(lambda picklist: sum(line.amount_picked for line in picklist.lines))
    # "asked" while catalog has not confirmed the stock the close took off the shelf (the system
    # asks again by itself).
    stock_consumption = fields.String(validate=OneOf(CONSUMPTION_STATES))
    reason = fields.String(allow_none=True)  # why what was not picked was not
    closed_by = fields.String(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")
    products = fields.List(fields.Nested(PicklistLineOutput), attribute="lines")


class BackorderOutput(Schema):
    """Picqer's backorder: an order line's amount still waiting for stock."""

    idbackorder = fields.Integer(attribute="id")
    idorder = fields.Integer(attribute="order_id")
    orderid = fields.Function(lambda backorder: order_number(backorder.line.order))
    reference = fields.Function(lambda backorder: backorder.line.order.reference)
    idorder_product = fields.Integer(attribute="order_line_id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.Function(lambda backorder: backorder.line.productcode)
    name = fields.Function(lambda backorder: backorder.line.name)
    idwarehouse = fields.Integer(attribute="warehouse_id")
    amount = fields.Integer()
    reason = fields.String(allow_none=True)  # e.g. not picked on a picklist, and why
    created = fields.DateTime(attribute="created_at")
    # Lists only: its turn for the product in its warehouse (1: next). Nothing is ever available
    # to a waiting backorder: stock that comes free is given to the waiting lines in the same
    # transaction, oldest first (catalog), so Picqer's amount_available is always 0 here.
    priority = fields.Integer()
    amount_available = fields.Constant(0)


class BackorderFilledPayload(Schema):
    event_id = fields.String(required=True)
    backorder = fields.Nested(BackorderOutput, required=True)


class OrderEventPayload(Schema):
    event_id = fields.String(required=True)
    order = fields.Nested(OrderOutput, required=True)


class OrdersEventPayload(Schema):
    event_id = fields.String(required=True)
    orders = fields.List(fields.Nested(OrderOutput), required=True)  # never empty


class AnnouncedCustomer(Schema):
    """The part of accounts' customer that orders keeps; accounts may add fields freely."""

    class Meta:
        unknown = EXCLUDE

    idfulfilment_customer = fields.Integer(required=True, strict=True)
    changes_allowed_until = fields.String(required=True, validate=OneOf(CHANGES_ALLOWED_UNTIL))
    process_orders_at_once = fields.Boolean(required=True)
    preferred_idwarehouse = fields.Integer(required=True, allow_none=True)
    allowed_shipping_profiles = fields.List(fields.Integer(strict=True), load_default=list)


class CustomerAnnouncedInput(Schema):
    """What orders reads from accounts' customer_created and customer_updated events."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    customer = fields.Nested(AnnouncedCustomer, required=True)
    version = fields.Integer(required=True, strict=True)


class AnnouncedProduct(Schema):
    """The part of catalog's product that an order line copies; catalog may add fields freely."""

    class Meta:
        unknown = EXCLUDE

    idproduct = fields.Integer(required=True, strict=True)
    idfulfilment_customer = fields.Integer(required=True, strict=True)
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    price = fields.Decimal(required=True, places=2)
    updated_at = fields.AwareDateTime(required=True)


class ProductsAnnouncedInput(Schema):
    """What orders reads from catalog's products_created and products_updated events."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    products = fields.List(fields.Nested(AnnouncedProduct), required=True)


class KnownProductOutput(Schema):
    """A product as orders keeps it, in the shape of catalog's find_products."""

    idproduct = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    productcode = fields.String()
    name = fields.String()
    price = fields.Decimal(places=2, as_string=True)


class ReservationAnswer(Schema):
    """The part of catalog's reservation (an answer, or in reservations_filled) orders reads."""

    class Meta:
        unknown = EXCLUDE

    order_line_id = fields.Integer(required=True, strict=True)
    amount = fields.Integer(required=True, strict=True)
    consumed = fields.Integer(strict=True, load_default=0)
    status = fields.String(required=True, validate=OneOf(("reserved", "released", "consumed")))
    version = fields.Integer(required=True, strict=True)


class ReservationsFilledInput(Schema):
    """What orders reads from catalog's reservations_filled event."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    idfulfilment_customer = fields.Integer(required=True, strict=True)
    reservations = fields.List(fields.Nested(ReservationAnswer), required=True)


class OrderRulesOutput(Schema):
    """A client's order rules as orders applies them (the defaults for a customer not heard of)."""

    changes_allowed_until = fields.String(validate=OneOf(CHANGES_ALLOWED_UNTIL))
    process_orders_at_once = fields.Boolean()
    preferred_idwarehouse = fields.Integer(attribute="preferred_warehouse_id", allow_none=True)
    allowed_shipping_profiles = fields.List(fields.Integer())


class ShippingProviderInput(Schema):
    """A carrier account the operator adds; `tracktraceurl_pattern` holds {trackingcode}."""

    class Meta:
        unknown = RAISE

    name = Stripped(required=True, validate=Length(1, 100))
    carrier_key = fields.String(required=True, validate=OneOf(CARRIERS))
    public_providername = Stripped(validate=Length(1, 100))
    tracktraceurl_pattern = Stripped(required=True, validate=Length(1, 500))
    active = fields.Boolean(truthy={True}, falsy={False})
    profiles = fields.List(fields.Nested(lambda: ShippingProfileInput()), load_default=list)

    @validates("tracktraceurl_pattern")
    def names_the_code(self, value, **kwargs):
        if TRACKINGCODE not in value or not value.startswith(("https://", "http://")):
            raise ValidationError(f"An http(s) address with {TRACKINGCODE} where the parcel's code goes, e.g. "
                                  f"https://jouw.postnl.nl/track-and-trace/{TRACKINGCODE}.")


class ShippingProfileInput(Schema):
    class Meta:
        unknown = RAISE

    name = Stripped(required=True, validate=Length(1, 100))
    active = fields.Boolean(truthy={True}, falsy={False})


class ShippingProfileOutput(Schema):
    idshippingprovider_profile = fields.Integer(attribute="id")
    name = fields.String()
    active = fields.Boolean()
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")


class ShippingProviderOutput(Schema):
    """Picqer's shipping provider with its profiles; `provider` is the carrier's own name."""

    idshippingprovider = fields.Integer(attribute="id")
    name = fields.String()
    provider = fields.Function(lambda provider: CARRIERS[provider.carrier_key])
    carrier_key = fields.String()
    public_providername = fields.String()
    tracktraceurl_pattern = fields.String()
    active = fields.Boolean()
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")
    profiles = fields.List(fields.Nested(ShippingProfileOutput))


MAX_WEIGHT_GRAMS = 1_000_000


class ShipmentInput(Schema):
    """A parcel for a picklist: without a profile, the one the order names; without
    `trackingurl`, the profile's provider's pattern with the code."""

    class Meta:
        unknown = RAISE

    idshippingprovider_profile = fields.Integer(strict=True, allow_none=True)
    weight = fields.Integer(required=True, strict=True, validate=Range(1, MAX_WEIGHT_GRAMS, error="Grams, from {min} to {max}."))
    trackingcode = Stripped(required=True, validate=Length(1, 100))
    trackingurl = Stripped(validate=Length(max=1000), allow_none=True)

    @validates("trackingurl")
    def web_address(self, value, **kwargs):
        if value and not value.startswith(("https://", "http://")):
            raise ValidationError("An http(s) address, or leave it out to have it made from the profile.")


class ShipmentProductOutput(Schema):
    idproduct = fields.Function(lambda line: line.line.product_id)
    productcode = fields.Function(lambda line: line.line.productcode)
    name = fields.Function(lambda line: line.line.name)
    amount = fields.Integer(attribute="amount_picked")


class ShipmentOutput(Schema):
    """Picqer's picklist shipment, with the order it belongs to and the products picked for it."""

    idshipment = fields.Integer(attribute="id")
    idpicklist = fields.Integer(attribute="picklist_id")
    picklistid = fields.Function(lambda shipment: picklist_number(shipment.picklist))
    idorder = fields.Integer(attribute="order_id")
    orderid = fields.Function(lambda shipment: order_number(shipment.order))
    reference = fields.Function(lambda shipment: shipment.order.reference)
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    idwarehouse = fields.Function(lambda shipment: shipment.picklist.warehouse_id)
    idshippingprovider = fields.Function(lambda shipment: shipment.profile.provider_id)
    idshippingprovider_profile = fields.Integer(attribute="profile_id")
    provider = fields.Function(lambda shipment: CARRIERS[shipment.profile.provider.carrier_key])
    providername = fields.Function(lambda shipment: shipment.profile.provider.name)
    public_providername = fields.Function(lambda shipment: shipment.profile.provider.public_providername)
    profile_name = fields.Function(lambda shipment: shipment.profile.name)
    carrier_key = fields.Function(lambda shipment: shipment.profile.provider.carrier_key)
    trackingcode = fields.String()
    trackingurl = fields.Function(lambda shipment: shipment.tracktraceurl)  # Picqer gives both names
    tracktraceurl = fields.String()
    weight = fields.Integer(allow_none=True)
    from_backorder = fields.Boolean()
    cancelled = fields.Boolean()
    cancelled_at = fields.DateTime(allow_none=True)
    cancellable_until = fields.Function(lambda shipment: cancellable_until(shipment.created_at).isoformat())
    created_by = fields.String()
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")
    products = fields.Function(lambda shipment: ShipmentProductOutput(many=True).dump(
        [line for line in shipment.picklist.lines if line.amount_picked]))


class PicklistEventPayload(Schema):
    event_id = fields.String(required=True)
    picklist = fields.Nested(PicklistOutput, required=True)


class ShipmentEventPayload(Schema):
    event_id = fields.String(required=True)
    shipment = fields.Nested(ShipmentOutput, required=True)


class ReturnedProductInput(Schema):
    class Meta:
        unknown = RAISE

    idorder_product = fields.Integer(strict=True)
    idproduct = fields.Integer(strict=True)
    productcode = Stripped(validate=Length(1, 100))
    amount = fields.Integer(required=True, strict=True, validate=Range(1, MAX_AMOUNT))
    reason = Stripped(required=True, validate=Length(1, 500))


class ReturnInput(Schema):
    """A client's return of a shipped order: which products (by order line, idproduct or
    productcode), how many and why; optionally what to send instead."""

    class Meta:
        unknown = RAISE

    idorder = fields.Integer(required=True, strict=True)
    reference = Stripped(validate=Length(max=100), allow_none=True)
    tracking_code = Stripped(validate=Length(max=100), allow_none=True)
    returned_products = fields.List(fields.Nested(ReturnedProductInput), required=True,
                                    validate=Length(1, 1000, error="A return needs between {min} and {max} products."))
    # Replacements are order lines of the new order the warehouse places on completing.
    replacement_products = fields.List(fields.Nested(OrderLineInput), load_default=list,
                                       validate=Length(max=1000))


class ReturnLineOutput(Schema):
    idreturn_product = fields.Integer(attribute="id")
    idorder_product = fields.Integer(attribute="order_line_id")
    idproduct = fields.Function(lambda line: line.line.product_id)
    productcode = fields.Function(lambda line: line.line.productcode)
    name = fields.Function(lambda line: line.line.name)
    amount = fields.Integer()
    reason = fields.String()
    amount_damaged = fields.Integer()  # received damaged: not restocked


class ReturnReplacementOutput(Schema):
    idproduct = fields.Integer(attribute="product_id")
    productcode = fields.String()
    name = fields.String()
    amount = fields.Integer()


class ReturnChangeOutput(Schema):
    status = fields.String(validate=OneOf(RETURN_STATUSES))
    changed_by = fields.String()
    note = fields.String(allow_none=True)
    created_at = fields.DateTime()


def return_number(return_) -> str:
    """The number the client quotes: R, the year, then the id (R2026000007)."""
    return f"R{return_.created_at:%Y}{return_.id:06d}"


class ReturnOutput(Schema):
    """Picqer's return, its status by name, with the order's number and the replacement order."""

    idreturn = fields.Integer(attribute="id")
    returnid = fields.Function(return_number)
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    idorder = fields.Integer(attribute="order_id")
    orderid = fields.Function(lambda return_: order_number(return_.order))
    status = fields.String(validate=OneOf(RETURN_STATUSES))
    reference = fields.String(allow_none=True)
    tracking_code = fields.String(allow_none=True)
    received_at = fields.DateTime(allow_none=True)
    # "asked" while catalog has not confirmed what was received is back in stock (asked again by itself).
    restock = fields.String(validate=OneOf(CONSUMPTION_STATES))
    idorder_replacement = fields.Integer(attribute="replacement_order_id", allow_none=True)
    name = fields.Function(lambda return_: return_.order.deliveryname)
    created_by = fields.String()
    created = fields.DateTime(attribute="created_at")
    updated = fields.DateTime(attribute="updated_at")
    returned_products = fields.List(fields.Nested(ReturnLineOutput), attribute="lines")
    replacement_products = fields.List(fields.Nested(ReturnReplacementOutput), attribute="replacements")
    history = fields.List(fields.Nested(ReturnChangeOutput), attribute="changes")


class ReturnEventPayload(Schema):
    event_id = fields.String(required=True)
    return_ = fields.Nested(ReturnOutput, required=True, data_key="return")


order_output = OrderOutput()
tag_output = TagOutput()
backorder_output = BackorderOutput()
picklist_output = PicklistOutput()
shipping_provider_output = ShippingProviderOutput()
shipment_output = ShipmentOutput()
return_output = ReturnOutput()
