"""The shapes that cross the accounts service's edge (field names as Picqer's API)."""
from marshmallow import RAISE, Schema, ValidationError, fields, validates_schema
from marshmallow.validate import Length, OneOf, Regexp

LANGUAGES = ("nl", "en")
USERNAME = [Length(3, 100), Regexp(r"^[A-Za-z0-9._@+-]+$", error="Use letters, digits and . _ @ + - only.")]
PASSWORD = Length(min=8, max=200, error="Use at least {min} characters.")


class CustomerInput(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=Length(1, 200))
    can_login = fields.Boolean()
    username = fields.String(validate=USERNAME, allow_none=True)
    password = fields.String(validate=PASSWORD, allow_none=True)
    language = fields.String(validate=OneOf(LANGUAGES))
    idtemplate = fields.Integer(allow_none=True, strict=True)
    allowed_shipping_profiles = fields.List(fields.Integer(strict=True))
    preferred_idwarehouse = fields.Integer(allow_none=True, strict=True)

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


class SessionUser(Schema):
    """Who is logged in: what the gateway keeps in its session and checks on every request."""

    user_id = fields.Integer(attribute="id")
    username = fields.String()
    session_version = fields.Integer()
    customer_id = fields.Integer()
    customer_name = fields.Function(lambda user: user.customer.name)
    language = fields.Function(lambda user: user.customer.language)


class ApiKeyIdentity(Schema):
    """Who an API key acts for: `scope` "operator" (every customer) or "customer" (one)."""

    key_id = fields.Integer(attribute="id")
    scope = fields.String(validate=OneOf(("operator", "customer")))
    customer_id = fields.Integer(allow_none=True)
    name = fields.String()


class CustomerCreatedPayload(Schema):
    event_id = fields.String(required=True)
    customer = fields.Nested(CustomerOutput, required=True)


customer_output = CustomerOutput()
session_user = SessionUser()
api_key_identity = ApiKeyIdentity()
