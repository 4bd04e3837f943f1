"""The shapes that cross the accounts service's edge (field names as Picqer's API)."""
from zoneinfo import available_timezones

import pycountry
from marshmallow import EXCLUDE, INCLUDE, RAISE, Schema, ValidationError, fields, validates_schema
from marshmallow.validate import URL, ContainsOnly, Email, Length, OneOf, Regexp

from accounts.passwords import check_password_strength

LANGUAGES = ("nl", "en")
# The same names as the gateway's portal/permissions.py.
PERMISSIONS = ("products", "ordering", "purchasing", "returns", "webshops", "users")
USERNAME = [Length(3, 100), Regexp(r"^[A-Za-z0-9._@+-]+$", error="Use letters, digits and . _ @ + - only.")]
PASSWORD = [Length(min=8, max=200, error="Use at least {min} characters."), check_password_strength]
EMAIL = [Length(max=254), Email(error="Not a valid email address.")]
# Until which order status a client may change the delivery address or cancel: "processing"
# (while the order is a concept, until the warehouse processes it) or "picking" (until picking starts).
CHANGES_ALLOWED_UNTIL = ("processing", "picking")


def _ids(**kwargs):
    return fields.List(fields.Integer(strict=True), **kwargs)


def _known_country(code: str) -> None:
    """ISO 3166 (as orders checks a delivery country), so a saved address can be chosen for an order."""
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValidationError("Use a two-letter ISO country code, e.g. NL.")


class CountryCode(fields.String):
    """A country as typed (" be", "nl"), kept as ISO 3166 writes it (BE, NL)."""

    def __init__(self, **kwargs):
        super().__init__(validate=_known_country, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().upper()


# IANA's zones as the system knows them, less two files of its database that are no zone (and that
# pytz, which the portal writes times with, does not know).
TIME_ZONES = frozenset(available_timezones() - {"Factory", "localtime"})


def _known_timezone(name: str) -> None:
    if name not in TIME_ZONES:
        raise ValidationError("Use an IANA time zone, e.g. Europe/Amsterdam.")


class CustomerInput(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=Length(1, 200))
    can_login = fields.Boolean()
    username = fields.String(validate=USERNAME, allow_none=True)
    password = fields.String(validate=PASSWORD, allow_none=True)
    language = fields.String(validate=OneOf(LANGUAGES))
    idtemplate = fields.Integer(allow_none=True, strict=True)
    allowed_shipping_profiles = _ids()
    preferred_idwarehouse = fields.Integer(allow_none=True, strict=True)
    idwarehouse_purchaseorders = fields.Integer(allow_none=True, strict=True)
    can_manage_products = fields.Boolean()
    notification_email = fields.String(validate=EMAIL, allow_none=True)
    # Where the client's own orders mostly go: the portal offers it first for a delivery address.
    country = CountryCode(allow_none=True)
    timezone = fields.String(validate=_known_timezone, allow_none=True)
    changes_allowed_until = fields.String(validate=OneOf(CHANGES_ALLOWED_UNTIL))
    process_orders_at_once = fields.Boolean()

    @validates_schema
    def login_needs_credentials(self, data, partial, **kwargs):
        if partial or not data.get("can_login"):
            return
        missing = {field: ["Required when can_login is true."]
                   for field in ("username", "password") if not data.get(field)}
        if missing:
            raise ValidationError(missing)


class CustomerOutput(Schema):
    idfulfilment_customer = fields.Integer(attribute="id")
    name = fields.String()
    can_login = fields.Boolean()
    username = fields.Function(lambda c: c.primary_user.username if c.primary_user else None)
    language = fields.String()
    idtemplate = fields.Integer(allow_none=True)
    last_login_at = fields.DateTime(allow_none=True)
    allowed_shipping_profiles = fields.List(fields.Integer())
    preferred_idwarehouse = fields.Integer(attribute="preferred_warehouse_id", allow_none=True)
    idwarehouse_purchaseorders = fields.Integer(attribute="purchase_order_warehouse_id", allow_none=True)
    can_manage_products = fields.Boolean()
    notification_email = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    timezone = fields.String(allow_none=True)
    changes_allowed_until = fields.String()
    process_orders_at_once = fields.Boolean()


class PortalUserInput(Schema):
    """A portal user as the operator or a client admin creates or changes one. Without a
    password the user is invited by email and sets one through the link."""

    class Meta:
        unknown = RAISE

    username = fields.String(required=True, validate=USERNAME)
    emailaddress = fields.String(validate=EMAIL, allow_none=True)
    password = fields.String(validate=PASSWORD, load_only=True)
    language = fields.String(validate=OneOf(LANGUAGES), allow_none=True)
    permissions = fields.List(fields.String(), validate=ContainsOnly(PERMISSIONS))
    idwebshops = _ids(allow_none=True)
    idwarehouses = _ids(allow_none=True)
    active = fields.Boolean()
    low_stock_alerts = fields.Boolean()
    stockout_alerts = fields.Boolean()
    goods_received_alerts = fields.Boolean()
    shipment_alerts = fields.Boolean()

    @validates_schema
    def invite_needs_an_address(self, data, partial, **kwargs):
        if not partial and not data.get("password") and not data.get("emailaddress"):
            raise ValidationError({"emailaddress": ["Required when no password is given (the invite goes there)."]})


class PortalUserOutput(Schema):
    iduser = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    username = fields.String()
    emailaddress = fields.String(attribute="email", allow_none=True)
    language = fields.String(allow_none=True)
    permissions = fields.List(fields.String())
    idwebshops = fields.List(fields.Integer(), attribute="webshop_ids", allow_none=True)
    idwarehouses = fields.List(fields.Integer(), attribute="warehouse_ids", allow_none=True)
    active = fields.Boolean(attribute="is_active")
    low_stock_alerts = fields.Boolean()
    stockout_alerts = fields.Boolean()
    goods_received_alerts = fields.Boolean()
    shipment_alerts = fields.Boolean()
    password_set = fields.Function(lambda user: user.password_hash is not None)
    last_login_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()


def effective_permissions(user) -> list[str]:
    """The user's own permissions; "products" only while the customer may manage products."""
    return [name for name in PERMISSIONS if name in user.permissions
            and (name != "products" or user.customer.can_manage_products)]


class SessionUser(Schema):
    """Who is logged in: what the gateway keeps in its session and checks on every request."""

    user_id = fields.Integer(attribute="id")
    username = fields.String()
    session_version = fields.Integer()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda user: user.customer.name)
    customer_country = fields.Function(lambda user: user.customer.country)
    customer_timezone = fields.Function(lambda user: user.customer.timezone)
    language = fields.Function(lambda user: user.language or user.customer.language)
    email = fields.String(allow_none=True)
    permissions = fields.Function(effective_permissions)
    # None: every webshop / warehouse of the customer.
    webshop_ids = fields.List(fields.Integer(), allow_none=True)
    warehouse_ids = fields.List(fields.Integer(), allow_none=True)
    low_stock_alerts = fields.Boolean()
    stockout_alerts = fields.Boolean()
    goods_received_alerts = fields.Boolean()
    shipment_alerts = fields.Boolean()


def key_permissions(api_key) -> list[str] | None:
    """What a customer key may change: its maker's permissions (all, for a key the operator
    made), "products" only while the customer may manage products. None for operator keys."""
    if api_key.scope != "customer":
        return None
    if api_key.made_by is not None:
        return effective_permissions(api_key.made_by)
    return [name for name in PERMISSIONS if name != "products" or api_key.customer.can_manage_products]


class ApiKeyIdentity(Schema):
    """Who an API key acts for: `scope` "operator" (every customer) or "customer" (one), and
    what it may do: an operator key's `scopes` (None: all), a customer key's `permissions`,
    `warehouse_ids` and `webshop_ids` (None: all the customer's)."""

    key_id = fields.Integer(attribute="id")
    scope = fields.String(validate=OneOf(("operator", "customer")))
    customer_id = fields.Integer(allow_none=True)
    name = fields.String()
    scopes = fields.List(fields.String(), allow_none=True)
    permissions = fields.Function(key_permissions, allow_none=True)
    warehouse_ids = fields.Function(lambda key: key.made_by.warehouse_ids if key.made_by else None,
                                    allow_none=True)
    webshop_ids = fields.Function(lambda key: key.made_by.webshop_ids if key.made_by else None,
                                  allow_none=True)
    rate_limit = fields.Integer(allow_none=True)  # requests a minute; None: the gateway's default
    made_by_user_id = fields.Integer(allow_none=True)  # the portal user who made it (None: the operator)


class CustomerCreatedPayload(Schema):
    event_id = fields.String(required=True)
    customer = fields.Nested(CustomerOutput, required=True)
    # The customer's version: a copy keeps the highest it has seen (events may arrive out of order).
    version = fields.Integer(required=True)


class AddressInput(Schema):
    """An address book entry (Picqer's order address fields)."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=Length(1, 200))
    contactname = fields.String(validate=Length(max=200), allow_none=True)
    address = fields.String(required=True, validate=Length(1, 200))
    address2 = fields.String(validate=Length(max=200), allow_none=True)
    zipcode = fields.String(required=True, validate=Length(1, 20))
    city = fields.String(required=True, validate=Length(1, 100))
    country = CountryCode(required=True)
    emailaddress = fields.String(validate=EMAIL, allow_none=True, attribute="email")
    telephone = fields.String(validate=Length(max=50), allow_none=True, attribute="phone")


class AddressOutput(Schema):
    idaddress = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id")
    name = fields.String()
    contactname = fields.String(allow_none=True)
    address = fields.String()
    address2 = fields.String(allow_none=True)
    zipcode = fields.String()
    city = fields.String()
    country = fields.String()
    emailaddress = fields.String(attribute="email", allow_none=True)
    telephone = fields.String(attribute="phone", allow_none=True)


class ApiKeyListed(Schema):
    """A key as its owner sees it later: never the key itself."""

    key_id = fields.Integer(attribute="id")
    scope = fields.String(validate=OneOf(("operator", "customer")))
    customer_id = fields.Integer(allow_none=True)
    name = fields.String()
    scopes = fields.List(fields.String(), allow_none=True)  # an operator key's (None: all)
    rate_limit = fields.Integer(allow_none=True)  # requests a minute; None: the gateway's default
    created_at = fields.DateTime()
    revoked_at = fields.DateTime(allow_none=True)


class BrandingTextsInput(Schema):
    """The operator's texts in one language; null (or empty) removes that language's text."""

    class Meta:
        unknown = RAISE

    text = fields.String(validate=Length(max=200), allow_none=True)
    dashboard_text = fields.String(validate=Length(max=5000), allow_none=True)


class BrandingInput(BrandingTextsInput):
    """Portal branding as the operator sets it; `logo` is base64 (or a data: URL), null removes it.
    `text` and `dashboard_text` are shown in every language without its own in `translations`."""

    link = fields.String(validate=[Length(max=500), URL(schemes={"http", "https"}, error="Not an http(s) address.")],
                         allow_none=True)
    logo = fields.String(allow_none=True)
    translations = fields.Dict(keys=fields.String(validate=OneOf(LANGUAGES)),
                               values=fields.Nested(BrandingTextsInput))
    # A client's own portal address (one client's only); null removes it.
    domain = fields.String(validate=Length(max=253), allow_none=True)


class BrandingOutput(Schema):
    idfulfilment_customer = fields.Integer(allow_none=True)
    text = fields.String(allow_none=True)
    link = fields.String(allow_none=True)
    dashboard_text = fields.String(allow_none=True)
    translations = fields.Dict(keys=fields.String(), values=fields.Dict())
    logo_version = fields.String(allow_none=True)
    domain = fields.String(allow_none=True)


class CustomerUpdatedPayload(Schema):
    event_id = fields.String(required=True)
    customer = fields.Nested(CustomerOutput, required=True)
    # The customer's version: a copy keeps the highest it has seen (events may arrive out of order).
    version = fields.Integer(required=True)


class UserInvitedPayload(Schema):
    """No token in it: the link goes only by email."""

    event_id = fields.String(required=True)
    user = fields.Nested(PortalUserOutput, required=True)


customer_output = CustomerOutput()
portal_user_output = PortalUserOutput()
address_output = AddressOutput()
api_key_listed = ApiKeyListed()
session_user = SessionUser()
api_key_identity = ApiKeyIdentity()


class StockFellBelowMinimumInput(Schema):
    """The part of catalog's stock_fell_below_minimum that the low-stock alert reads."""

    event_id = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    idproduct = fields.Integer(required=True)
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    minimum_stock = fields.Integer(required=True)
    freestock = fields.Integer(required=True)


class BackorderedLineInput(Schema):
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    backordered = fields.Integer(required=True)


class BackorderedOrderInput(Schema):
    idorder = fields.Integer(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    reference = fields.String(allow_none=True)
    products = fields.List(fields.Nested(BackorderedLineInput), required=True)


class GoodsReceivedLineInput(Schema):
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    amount = fields.Integer(required=True)


class GoodsReceivedInput(Schema):
    """The part of purchasing's goods_received that the goods-received email reads."""

    event_id = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    type = fields.String(required=True)  # receipt | transfer
    id = fields.Integer(required=True)
    number = fields.String(required=True)
    idpurchaseorder = fields.Integer(allow_none=True)
    products = fields.List(fields.Nested(GoodsReceivedLineInput), required=True)


class OrdersBackorderedInput(Schema):
    """The part of orders' orders_backordered that the stockout alert reads."""

    event_id = fields.String(required=True)
    orders = fields.List(fields.Nested(BackorderedOrderInput), required=True)  # an alert each


class ShippedProductInput(Schema):
    class Meta:
        unknown = EXCLUDE

    productcode = fields.String(required=True)
    name = fields.String(required=True)
    amount = fields.Integer(required=True)


class ShipmentInput(Schema):
    """The part of orders' shipment that the shipped mail reads."""

    class Meta:
        unknown = EXCLUDE

    idshipment = fields.Integer(required=True)
    idorder = fields.Integer(required=True)
    orderid = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    reference = fields.String(allow_none=True)
    public_providername = fields.String(required=True)
    trackingcode = fields.String(required=True)
    tracktraceurl = fields.String(required=True)
    from_backorder = fields.Boolean(required=True)
    products = fields.List(fields.Nested(ShippedProductInput), required=True)
    cancellable_until = fields.AwareDateTime(load_default=None)  # its mail waits until then


class OrderShippedInput(Schema):
    """What accounts reads from orders' order_shipped and shipment_cancelled."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    shipment = fields.Nested(ShipmentInput, required=True)


class ReturnStepInput(Schema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(required=True)
    changed_by = fields.String(required=True)
    note = fields.String(allow_none=True)
    created_at = fields.String(required=True)


class ReturnInput(Schema):
    """The part of orders' return that the return mail reads."""

    class Meta:
        unknown = EXCLUDE

    idorder = fields.Integer(required=True)
    orderid = fields.String(required=True)
    returnid = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    status = fields.String(required=True)
    history = fields.List(fields.Nested(ReturnStepInput), required=True)


class ReturnStatusChangedInput(Schema):
    """What accounts reads from orders' return_status_changed."""

    class Meta:
        unknown = EXCLUDE

    event_id = fields.String(required=True)
    return_ = fields.Nested(ReturnInput, required=True, data_key="return")


# Picqer's webhook events that we can tell (accounts.webhooks says which of our events each is).
HOOK_EVENTS = ("orders.created", "orders.allocated", "orders.status_changed", "orders.completed", "picklists.closed",
               "picklists.shipments.created", "products.free_stock_changed", "returns.status_changed",
               "purchase_orders.received")


class HookInput(Schema):
    """Picqer's hook: `{"name": "Orders to ERP", "event": "orders.created",
    "address": "https://erp.example/hooks/picqer", "secret": "..."}`."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=Length(1, 200))
    event = fields.String(required=True, validate=OneOf(HOOK_EVENTS, error="Must be one of: {choices}."))
    address = fields.String(required=True, validate=[Length(max=2000), URL(schemes={"http", "https"}, require_tld=False)])
    secret = fields.String(load_default=None, allow_none=True, validate=Length(1, 200))


class HookOutput(Schema):
    """The secret itself is never shown again: only whether the hook has one."""

    idhook = fields.Integer(attribute="id")
    idfulfilment_customer = fields.Integer(attribute="customer_id", allow_none=True)
    name = fields.String()
    event = fields.String()
    address = fields.String()
    secret = fields.Function(lambda hook: hook.secret is not None)
    active = fields.Boolean()
    failures = fields.Integer()
    deactivated_reason = fields.String(allow_none=True)
    created_at = fields.DateTime()


class HookDeliveryOutput(Schema):
    delivery_id = fields.String()
    event = fields.String()
    created_at = fields.DateTime()
    attempts = fields.Integer()
    next_attempt_at = fields.DateTime()
    delivered_at = fields.DateTime(allow_none=True)
    last_status = fields.Integer(allow_none=True)
    last_error = fields.String(allow_none=True)


hook_output = HookOutput()
hook_delivery_output = HookDeliveryOutput()


class CustomersObjectInput(Schema):
    """An object of another service that a webhook passes on whole, as published: accounts reads
    only whose it is."""

    class Meta:
        unknown = INCLUDE

    idfulfilment_customer = fields.Integer(required=True)


class HookedOrderInput(Schema):
    event_id = fields.String(required=True)
    order = fields.Nested(CustomersObjectInput, required=True)


class HookedOrdersInput(Schema):
    event_id = fields.String(required=True)
    orders = fields.List(fields.Nested(CustomersObjectInput), required=True)  # a webhook delivery each


class HookedPicklistInput(Schema):
    event_id = fields.String(required=True)
    picklist = fields.Nested(CustomersObjectInput, required=True)


class FreeStockOfProductInput(Schema):
    idfulfilment_customer = fields.Integer(required=True)
    idproduct = fields.Integer(required=True)
    productcode = fields.String(required=True)
    name = fields.String(required=True)
    freestock = fields.Integer(required=True)


class FreeStockChangedInput(Schema):
    event_id = fields.String(required=True)
    products = fields.List(fields.Nested(FreeStockOfProductInput), required=True)  # a webhook delivery each


class SyncFailedWebshopInput(Schema):
    idwebshop = fields.Integer(required=True)
    name = fields.String(required=True)
    url = fields.String(required=True)


class WebshopSyncFailedInput(Schema):
    """The part of webshop_gateway's webshop_sync_failed that the email reads."""

    event_id = fields.String(required=True)
    idfulfilment_customer = fields.Integer(required=True)
    webshop = fields.Nested(SyncFailedWebshopInput, required=True)
    reason = fields.String(required=True)
    failures_in_a_row = fields.Integer(required=True)
    last_success = fields.String(allow_none=True)
