from decimal import Decimal

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, DecimalField, EmailField, FieldList, Form, FormField, HiddenField,
                     IntegerField, PasswordField, SelectField, StringField, TelField, TextAreaField)
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

    FIELD_ORDER = ("deliveryname", "deliverycontactname", "deliveryaddress", "deliveryaddress2",
                   "deliveryzipcode", "deliverycity", "deliverycountry", "emailaddress", "telephone",
                   "reference", "customer_remarks")

    def ordered_fields(self) -> list:
        """As a letter is addressed (subclasses that redefine a field would move it to the end)."""
        return [self[name] for name in self.FIELD_ORDER if name in self]

    def address(self) -> dict:
        return {name: (self[name].data or "").strip() or None for name in self.FIELD_ORDER if name in self}


class OrderDetailsForm(DeliveryAddressForm):
    """The current order's details; saved as typed, checked as a whole when placed."""

    deliveryname = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    deliveryaddress = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    deliveryzipcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=20)])
    deliverycity = StringField(_l("City"), validators=[Optional(), Length(max=100)])
    deliverycountry = SelectField(_l("Country"), validators=[Optional()])
    emailaddress = EmailField(_l("Recipient's email address"), validators=[Optional(), Length(max=254)])
    telephone = TelField(_l("Recipient's telephone"), validators=[Optional(), Length(max=50)])
    reference = StringField(_l("Your reference"), validators=[Optional(), Length(max=100)])
    customer_remarks = TextAreaField(_l("Remarks for the warehouse"), validators=[Optional(), Length(max=5000)])
    idshippingprovider_profile = SelectField(_l("Shipping method"), validators=[Optional()])
    # The address book: fill the address from an entry, or keep the typed one as a new entry.
    saved_address = SelectField(_l("From your address book"), validators=[Optional()])
    save_to_address_book = BooleanField(_l("Save this address to the address book"))


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


class MoneyField(DecimalField):
    """A price as people type it in either language: 12.50 or 12,50."""

    def process_formdata(self, valuelist):
        super().process_formdata([value.strip().replace(",", ".") for value in valuelist])


class ProductForm(FlaskForm):
    """A product as the client fills it in; the catalog checks it again and has the last word."""

    productcode = StringField(_l("Product code"), validators=[DataRequired(), Length(max=100)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    barcode = StringField(_l("Barcode"), validators=[Optional(), Length(max=100)])
    price = MoneyField(_l("Price"), places=2, default=Decimal("0"), validators=[Optional(), NumberRange(min=0)])
    costprice = MoneyField(_l("Cost price"), places=2, default=Decimal("0"), validators=[Optional(), NumberRange(min=0)])
    weight = IntegerField(_l("Weight (g)"), default=0, validators=[Optional(), NumberRange(min=0, max=2**31 - 1)])
    minimum_stock = IntegerField(_l("Minimum stock"), default=0, validators=[Optional(), NumberRange(min=0, max=2**31 - 1)],
                                 description=_l("You see a notice when free stock falls below this; 0 for never."))
    active = BooleanField(_l("Active"), default=True)

    CATALOG_FIELDS = ("productcode", "name", "barcode", "price", "costprice", "weight", "minimum_stock", "active")

    @classmethod
    def data_from(cls, product: dict) -> dict:
        return {**{name: product[name] for name in cls.CATALOG_FIELDS},
                "price": Decimal(product["price"]), "costprice": Decimal(product["costprice"])}

    def product_data(self) -> dict:
        """The catalog's shape: money as decimal strings, empty numbers as zero."""
        return {"productcode": self.productcode.data, "name": self.name.data, "barcode": self.barcode.data or None,
                "price": str(self.price.data or 0), "costprice": str(self.costprice.data or 0),
                "weight": self.weight.data or 0, "minimum_stock": self.minimum_stock.data or 0,
                "active": bool(self.active.data)}

    def show_catalog_error(self, message: str) -> None:
        """The catalog names the field first ("price: ..."); show it there."""
        name, _, text = message.partition(": ")
        field = self._fields.get(name) if name in self.CATALOG_FIELDS else None
        if field is None:
            self.form_errors.append(message)
        else:
            field.errors = [*field.errors, text]


class ProductImageForm(FlaskForm):
    image = FileField(_l("Add an image (JPEG, PNG, WebP or GIF, at most 5 MB)"), validators=[FileRequired()])


class ProductImageDeleteForm(FlaskForm):
    """Only the CSRF token: removing an image is a POST another site cannot forge."""


class ProductImportForm(FlaskForm):
    file = FileField(_l("File (xlsx or csv)"), validators=[FileRequired()])


class OrderImportForm(FlaskForm):
    file = FileField(_l("File (xlsx or csv)"), validators=[FileRequired()])


class ActionForm(FlaskForm):
    """Only the CSRF token: a button that changes something is a POST another site cannot forge."""


class PurchaseOrderForm(FlaskForm):
    """A purchase order's details: a supplier from the client's list, or a new one typed."""

    idsupplier = SelectField(_l("Supplier"), validators=[Optional()])
    supplier_name = StringField(_l("New supplier"), validators=[Optional(), Length(max=200)],
                                description=_l("Typed here, the supplier is added to your list."))
    supplier_orderid = StringField(_l("Supplier's reference"), validators=[Optional(), Length(max=100)])
    delivery_date = DateField(_l("Expected delivery date"), validators=[Optional()])
    remarks = TextAreaField(_l("Remarks for the warehouse"), validators=[Optional(), Length(max=5000)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.idsupplier.data and not (self.supplier_name.data or "").strip():
            self.supplier_name.errors = [*self.supplier_name.errors, _l("Choose a supplier or type a new one.")]
            return False
        return valid

    def details(self) -> dict:
        """purchasing's shape; a typed supplier name goes as `supplier_name`."""
        supplier = ({"idsupplier": int(self.idsupplier.data)} if self.idsupplier.data
                    else {"supplier_name": self.supplier_name.data.strip()})
        return {**supplier, "supplier_orderid": (self.supplier_orderid.data or "").strip() or None,
                "delivery_date": self.delivery_date.data.isoformat() if self.delivery_date.data else None,
                "remarks": (self.remarks.data or "").strip() or None}

    def show_error(self, message: str) -> None:
        show_at_field(self, message)


def show_at_field(form: FlaskForm, message: str) -> None:
    """purchasing names the field first ("delivery_date: ..."); show it there, or above the form."""
    name, _, text = message.partition(": ")
    field = form._fields.get(name) if name not in ("csrf_token", "lines") else None
    if field is None:
        form.form_errors.append(message)
    else:
        field.errors = [*field.errors, text]


class PurchaseOrderLineForm(FlaskForm):
    productcode = StringField(_l("Product code"), validators=[DataRequired(), Length(max=100)])
    amount = IntegerField(_l("Amount"), validators=[InputRequired(), NumberRange(1, 100_000)])


class PurchaseOrderLineAmountForm(FlaskForm):
    amount = IntegerField(_l("Amount"), validators=[InputRequired(), NumberRange(1, 100_000)])


class StockTransferDetailsForm(FlaskForm):
    origin = StringField(_l("Shipped from"), validators=[DataRequired(), Length(max=200)],
                         description=_l("Your own location the goods leave from, e.g. your shop or depot."))
    expected_date = DateField(_l("Expected arrival"), validators=[Optional()])
    remarks = TextAreaField(_l("Remarks for the warehouse"), validators=[Optional(), Length(max=5000)])

    def details(self) -> dict:
        return {"origin": self.origin.data.strip(),
                "expected_date": self.expected_date.data.isoformat() if self.expected_date.data else None,
                "remarks": (self.remarks.data or "").strip() or None}


class ProductRowForm(Form):
    """A product code and an amount (a row of a new transfer, a replacement); a row left empty is skipped."""

    productcode = StringField(_l("Product code"), validators=[Optional(), Length(max=100)])
    amount = IntegerField(_l("Amount"), validators=[Optional(), NumberRange(1, 100_000)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if (self.productcode.data or "").strip() and self.amount.data is None and not self.amount.errors:
            self.amount.errors = [*self.amount.errors, _l("Enter a whole number from 1 to 100,000.")]
            return False
        if self.amount.data is not None and not (self.productcode.data or "").strip():
            self.productcode.errors = [*self.productcode.errors, _l("Enter the product code.")]
            return False
        return valid


class StockTransferForm(StockTransferDetailsForm):
    lines = FieldList(FormField(ProductRowForm), min_entries=5, max_entries=50)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not self.products():
            self.form_errors.append(_l("Add at least one product."))
            return False
        return valid

    def products(self) -> list[dict]:
        return [{"productcode": line.productcode.data.strip(), "amount": line.amount.data}
                for line in self.lines if (line.productcode.data or "").strip()]

    def show_error(self, message: str) -> None:
        """purchasing names the line ("products.1: unknown product ..."): shown with that row."""
        name, _, text = message.partition(": ")
        parts = name.split(".")
        if parts[0] == "products" and len(parts) > 1 and parts[1].isdigit():
            rows = [line for line in self.lines if (line.productcode.data or "").strip()]
            row = rows[int(parts[1])] if int(parts[1]) < len(rows) else None
            if row is not None:
                target = row.amount if parts[-1] == "amount" else row.productcode
                target.errors = [*target.errors, text]
                return
        show_at_field(self, message)


class ReturnLineForm(Form):
    """One shipped product of the order: how many come back and why (left empty: none)."""

    idorder_product = HiddenField()
    amount = IntegerField(_l("Returned"), validators=[Optional(), NumberRange(0, 100_000)])
    reason = StringField(_l("Why it comes back"), validators=[Optional(), Length(max=500)])


class ReturnForm(FlaskForm):
    """A return of some of an order's shipped products, and optionally what to send instead.
    Build it with `return_form`, which knows how many of each may still come back."""

    lines = FieldList(FormField(ReturnLineForm), max_entries=1000)
    replacements = FieldList(FormField(ProductRowForm), min_entries=3, max_entries=20)
    reference = StringField(_l("Your reference"), validators=[Optional(), Length(max=100)])
    tracking_code = StringField(_l("Track & trace code of the return parcel"), validators=[Optional(), Length(max=100)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if [line.idorder_product.data for line in self.lines] != [str(line["idorder_product"]) for line in self.shipped]:
            self.form_errors.append(_l("The order changed meanwhile; please check it and register the return again."))
            return False
        for line, shipped in zip(self.lines, self.shipped):
            amount = line.amount.data or 0
            if amount > self.returnable[shipped["idorder_product"]]:
                line.amount.errors = [*line.amount.errors, _l("At most %(count)s can come back.",
                                                              count=format_decimal(self.returnable[shipped["idorder_product"]]))]
                valid = False
            if amount and not (line.reason.data or "").strip():
                line.reason.errors = [*line.reason.errors, _l("Say why it comes back.")]
                valid = False
        if valid and not self.returned_products():
            self.form_errors.append(_l("Enter how many of at least one product come back."))
            return False
        return valid

    def rows(self) -> list[tuple]:
        """(form row, order line, how many may still come back), for the page."""
        return [(line, shipped, self.returnable[shipped["idorder_product"]])
                for line, shipped in zip(self.lines, self.shipped)]

    def returned_products(self) -> list[dict]:
        return [{"idorder_product": shipped["idorder_product"], "amount": line.amount.data,
                 "reason": line.reason.data.strip()} for line, shipped in zip(self.lines, self.shipped) if line.amount.data]

    def replacement_products(self) -> list[dict]:
        return [{"productcode": row.productcode.data.strip(), "amount": row.amount.data}
                for row in self.replacements if (row.productcode.data or "").strip()]

    def return_data(self, order_id: int) -> dict:
        data = {"idorder": order_id, "returned_products": self.returned_products(),
                "replacement_products": self.replacement_products()}
        return {**data, **{name: self[name].data.strip() for name in ("reference", "tracking_code")
                           if (self[name].data or "").strip()}}

    def show_error(self, message: str, translated) -> None:
        """orders names the row ("returned_products.1: ...", "replacement_products.0: ..."), counting
        only the rows filled in: shown at that row, through `translated` into the reader's language."""
        name, _, text = message.partition(": ")
        parts = name.split(".")
        rows = {"returned_products": ([line.amount for line in self.lines if line.amount.data]),
                "replacement_products": [row.productcode for row in self.replacements
                                         if (row.productcode.data or "").strip()]}.get(parts[0])
        if rows is not None and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(rows):
            target = rows[int(parts[1])]
            target.errors = [*target.errors, translated(text)]
        else:
            self.form_errors.append(translated(message))


def return_form(order: dict, returned: dict[int, int]) -> ReturnForm:
    """The return form of an order: a row per shipped product, each allowing what was shipped
    less what `returned` (idorder_product → amount) says came back or is announced already."""
    shipped = [line for line in order["products"] if line.get("shipped")]
    form = ReturnForm(data={"lines": [{"idorder_product": str(line["idorder_product"])} for line in shipped]})
    form.shipped = shipped
    form.returnable = {line["idorder_product"]: max(line["shipped"] - returned.get(line["idorder_product"], 0), 0)
                       for line in shipped}
    return form
