"""The shapes that cross the webshop_gateway service's edge."""
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Length, OneOf, Regexp

from servicekit.validation import Stripped
from webshop_gateway.platforms import CREDENTIAL_FIELDS, PLATFORMS


PRINTABLE_ASCII = r"^[!-~]+$"
ASCII_ONLY = "Letters, digits and punctuation of ASCII only, as the shop gave it."


class WebshopInput(Schema):
    """A shop to link: its platform, a name the client knows it by, its address and the
    credentials its platform needs (`platforms.PLATFORMS`), which are never given back."""

    class Meta:
        unknown = RAISE

    platform = fields.String(required=True, validate=OneOf(PLATFORMS))
    name = Stripped(required=True, validate=Length(1, 100))
    url = fields.Url(required=True, require_tld=False, schemes={"http", "https"}, validate=Length(max=500))
    # Sent as HTTP Basic credentials, which carry Latin-1 only: WooCommerce's keys are ASCII.
    consumer_key = Stripped(validate=[Length(1, 200), Regexp(PRINTABLE_ASCII, error=ASCII_ONLY)])
    consumer_secret = Stripped(validate=[Length(1, 200), Regexp(PRINTABLE_ASCII, error=ASCII_ONLY)])
    access_token = Stripped(validate=Length(1, 500))
    webhook_secret = Stripped(validate=Length(1, 500))
    push_stock = fields.Boolean(load_default=False, truthy={True}, falsy={False})  # a JSON shop stays off

    @validates_schema
    def credentials_of_its_platform(self, data, **kwargs):
        needed = PLATFORMS.get(data.get("platform"), ())
        errors = {name: [f"Required for a {data['platform']} shop."] for name in needed if not data.get(name)}
        errors |= {name: [f"Not used by a {data['platform']} shop."] for name in CREDENTIAL_FIELDS
                   if name in data and name not in needed and data.get("platform") in PLATFORMS}
        if errors:
            raise ValidationError(errors)


class WebshopOutput(Schema):
    idwebshop = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    platform = fields.String()
    name = fields.String()
    url = fields.String()
    created_by = fields.String()
    created = fields.DateTime(attribute="created_at")
    # How polling goes: the last poll, the last one that read the shop, why the last one failed
    # (None once one succeeds again) and when the shop is asked next.
    last_poll = fields.DateTime(attribute="last_poll_at", allow_none=True)
    last_success = fields.DateTime(attribute="last_success_at", allow_none=True)
    last_error = fields.String(allow_none=True)
    next_poll = fields.DateTime(attribute="next_poll_at", allow_none=True)
    # Where the shop posts its webhooks (the gateway makes the address of it), and the last
    # delivery refused.
    webhook_token = fields.String()
    webhook_problem = fields.String(allow_none=True)
    webhook_problem_at = fields.DateTime(allow_none=True)
    # Our free stock pushed to the shop's products (opted in; WooCommerce and Shopify).
    push_stock = fields.Boolean()


class SeenOrderOutput(Schema):
    """An order a shop sent and what became of it (webshop_gateway.seen_orders.OUTCOMES)."""

    idseen_order = fields.Integer(attribute="id")
    idwebshop = fields.Integer(attribute="webshop_id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    external_id = fields.String()
    reference = fields.String()
    shop_status = fields.String()
    outcome = fields.String()
    reason = fields.String(allow_none=True)
    idorder = fields.Integer(attribute="order_id", allow_none=True)
    times_seen = fields.Integer()
    first_seen = fields.DateTime(attribute="first_seen_at")
    last_seen = fields.DateTime(attribute="last_seen_at")
    outcome_at = fields.DateTime()


webshop_output = WebshopOutput()
seen_order_output = SeenOrderOutput()


class ShipmentProductInput(Schema):
    class Meta:
        unknown = EXCLUDE

    productcode = fields.String(required=True)
    amount = fields.Integer(required=True)


class ShipmentInput(Schema):
    """The part of orders' shipment that goes back to the shop."""

    class Meta:
        unknown = EXCLUDE

    idshipment = fields.Integer(required=True)
    idorder = fields.Integer(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    public_providername = fields.String(required=True)
    trackingcode = fields.String(required=True)
    tracktraceurl = fields.String(required=True)
    cancelled = fields.Boolean(required=True)
    cancellable_until = fields.AwareDateTime(load_default=None)  # sent to the shop once it has passed
    products = fields.List(fields.Nested(ShipmentProductInput), load_default=list)  # what the parcel holds


class ShipmentEventInput(Schema):
    """What webshop_gateway reads from orders' order_shipped and shipment_cancelled."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    shipment = fields.Nested(ShipmentInput, required=True)


class ShopUpdateOutput(Schema):
    """What goes back to the shop for one shipment (webshop_gateway.shop_updates.STATUSES): sent,
    waiting (its next attempt, and why the last one did not reach the shop), failed with the
    reason to act on, or cancelled (the parcel was withdrawn)."""

    idshop_update = fields.Integer(attribute="id")
    idwebshop = fields.Integer(attribute="webshop_id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    idseen_order = fields.Integer(attribute="seen_order_id")
    idorder = fields.Integer(attribute="order_id")
    idshipment = fields.Integer(attribute="shipment_id")
    external_id = fields.String()
    reference = fields.String()
    carrier = fields.String()
    trackingcode = fields.String()
    tracktraceurl = fields.String()
    status = fields.String()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    send_after = fields.DateTime()
    next_attempt = fields.DateTime(attribute="next_attempt_at")
    sent = fields.DateTime(attribute="sent_at", allow_none=True)
    created = fields.DateTime(attribute="created_at")


shop_update_output = ShopUpdateOutput()


class ConnectionCheckOutput(Schema):
    name = fields.String()
    status = fields.String()  # passed | failed | not_applicable
    detail = fields.String()
    values = fields.Dict()


class ConnectionTestOutput(Schema):
    """A connection test's result (webshop_gateway.connection_test)."""

    idconnection_test = fields.Integer(attribute="id")
    idwebshop = fields.Integer(attribute="webshop_id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    tested = fields.DateTime(attribute="tested_at")
    tested_by = fields.String()
    passed = fields.Boolean()
    checks = fields.List(fields.Nested(ConnectionCheckOutput))


connection_test_output = ConnectionTestOutput()


class SyncFailedWebshop(Schema):
    idwebshop = fields.Integer(required=True)
    name = fields.String(required=True)
    platform = fields.String(required=True)
    url = fields.String(required=True)


class WebshopSyncFailedPayload(Schema):
    """webshop_sync_failed: the shop, why its last poll failed, and since when it has not read it."""

    event_id = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    webshop = fields.Nested(SyncFailedWebshop, required=True)
    reason = fields.String(required=True)
    failures_in_a_row = fields.Integer(required=True)
    last_success = fields.String(allow_none=True)


class FreeStockOfProductInput(Schema):
    class Meta:
        unknown = EXCLUDE

    idfulfilment_customer = fields.Integer(required=True)
    productcode = fields.String(required=True)
    freestock = fields.Integer(required=True)


class FreeStockChangedInput(Schema):
    """What webshop_gateway reads from catalog's free_stock_changed (the value sent is asked anew)."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    products = fields.List(fields.Nested(FreeStockOfProductInput), required=True)
