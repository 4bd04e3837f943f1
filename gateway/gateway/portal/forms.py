from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST, so another site cannot log a user out."""


class CancelOrderForm(FlaskForm):
    """Only the CSRF token: the order is in the URL, the customer in the session."""


class DeliveryAddressForm(FlaskForm):
    deliveryname = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    deliverycontactname = StringField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    deliveryaddress = StringField(_l("Address"), validators=[DataRequired(), Length(max=300)])
    deliveryaddress2 = StringField(_l("Address line 2"), validators=[Optional(), Length(max=300)])
    deliveryzipcode = StringField(_l("Postcode"), validators=[DataRequired(), Length(max=20)])
    deliverycity = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    deliverycountry = SelectField(_l("Country"), validators=[DataRequired()])

    def address(self) -> dict:
        return {name: (field.data or "").strip() or None for name, field in self._fields.items()
                if name != "csrf_token"}


class DuplicateOrderForm(FlaskForm):
    """Only the CSRF token."""


class OrderDetailsForm(DeliveryAddressForm):
    """The current order's details; saved as typed, checked as a whole when placed."""

    deliveryname = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    deliveryaddress = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    deliveryzipcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=20)])
    deliverycity = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    deliverycountry = SelectField(_l("Country"), validators=[Optional()])
    reference = StringField(_l("Your reference"), validators=[Optional(), Length(max=100)])
    customer_remarks = TextAreaField(_l("Remarks for the warehouse"), validators=[Optional(), Length(max=5000)])


class CurrentOrderLineForm(FlaskForm):
    idproduct = HiddenField(validators=[DataRequired()])
    amount = IntegerField(_l("Amount"), validators=[InputRequired(), NumberRange(0, 100_000)])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5000)])


class TagsForm(FlaskForm):
    tags = StringField(_l("Tags"), validators=[Optional(), Length(max=1000)],
                       description=_l("Separate tags with commas."))

    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in (self.tags.data or "").split(",") if tag.strip()]
