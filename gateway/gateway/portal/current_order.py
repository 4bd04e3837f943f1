"""The current order: products added one by one (with their free stock in view), the delivery
address and remarks, then placed as an order for the warehouse to check (or processed at once,
as the warehouse set for the client)."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.input_guards import whole_number
from gateway.portal import blueprint
from gateway.portal.addresses import address_or_404
from gateway.portal.counts import ngettext
from gateway.portal.forms import ActionForm, CurrentOrderLineForm, OrderDetailsForm, OrderImportForm
from gateway.portal.order_import import HEADERS, order_lines_from_file
from gateway.portal.uploaded_sheets import MAX_FILE_BYTES, ImportRefused
from gateway.portal.order_lookup import order_or_404
from gateway.portal.orders import country_choices
from gateway.portal.permissions import has_permission, permission_required
from gateway.portal.products import PAGE_SIZE, offset_argument
from gateway.portal.remote_form_errors import show_on_form
from gateway.warehouse_scope import order_in_scope, scoped_product, with_warehouse_scope
from gateway.portal.session_user import current_customer_id
from gateway.portal.shipping_methods import shipping_method_choices


def _owner() -> tuple[int, int]:
    return current_customer_id(), g.user["user_id"]


@blueprint.app_context_processor
def current_order_corner() -> dict:
    """The corner of every portal page shows how many products the current order holds."""
    if not g.get("user") or not has_permission("ordering") or not request.blueprint == "portal":
        return {}
    return {"current_order_amounts": rpc_client().orders.count_current_order_lines(*_owner())["amounts"]}


# An address book entry's fields, as the order's delivery fields (and the recipient's email and telephone).
DELIVERY_FIELDS = {"name": "deliveryname", "contactname": "deliverycontactname", "address": "deliveryaddress",
                   "address2": "deliveryaddress2", "zipcode": "deliveryzipcode", "city": "deliverycity",
                   "country": "deliverycountry", "emailaddress": "emailaddress", "telephone": "telephone"}


def _details_form(details: dict | None = None) -> OrderDetailsForm:
    if details is not None:  # the form's choices are text; no country chosen yet: the client's own
        details = {"deliverycountry": g.user.get("customer_country") or "", **details,
                   "idshippingprovider_profile": str(details.get("idshippingprovider_profile") or "")}
    form = OrderDetailsForm(data=details)
    form.deliverycountry.choices = [("", "—")] + country_choices()
    form.idshippingprovider_profile.choices = shipping_method_choices()
    book = rpc_client().accounts.list_addresses(current_customer_id())
    form.saved_address.choices = [("", "—")] + [
        (str(entry["idaddress"]), f"{entry['name']}, {entry['address']}, {entry['city']}") for entry in book]
    return form


def _fill_from_address_book(form: OrderDetailsForm) -> None:
    """The chosen entry's address replaces the typed one (the reference and remarks stay)."""
    entry = address_or_404(int(form.saved_address.data))
    for name, delivery_name in DELIVERY_FIELDS.items():
        form[delivery_name].data = entry[name]


def _save_to_address_book(form: OrderDetailsForm) -> bool:
    """Keep the typed address as a new entry, unless the book has it already. False, with the
    reason on the form, when it is not complete enough to be one."""
    typed = form.address()
    entry = {name: typed[delivery_name] for name, delivery_name in DELIVERY_FIELDS.items()}
    accounts = rpc_client().accounts
    book = accounts.list_addresses(current_customer_id())
    if any(all(saved[name] == value for name, value in entry.items()) for saved in book):
        return True
    try:
        accounts.create_address(current_customer_id(), entry)
    except RemoteError as error:
        unplaced = show_on_form(form, error, None, DELIVERY_FIELDS)
        form.save_to_address_book.errors.extend(
            [_("Not saved to the address book: please correct the fields marked."), *unplaced])
        return False
    return True


@blueprint.get("/current-order")
@permission_required("ordering")
def current_order(details_form: OrderDetailsForm | None = None, status: int = 200,
                  import_form: OrderImportForm | None = None, import_errors: list | None = None):
    current = rpc_client().orders.get_current_order(*_owner(), offset_argument())
    rules = rpc_client().orders.get_order_rules(current_customer_id())
    search = (request.args.get("search") or "").strip()
    found = [scoped_product(product) for product in rpc_client().catalog.list_products(
        current_customer_id(), 0, search, with_warehouse_scope(None))] if search else []
    return render_template(
        "portal/current_order.html", current=current, rules=rules, search=search, found=found[:20], page_size=PAGE_SIZE,
        details_form=details_form or _details_form(current["details"]), line_form=CurrentOrderLineForm(),
        import_form=import_form or OrderImportForm(), import_errors=import_errors or [], import_headers=HEADERS,
    ), status


@blueprint.post("/current-order/lines")
@permission_required("ordering")
def set_current_order_line():
    form = CurrentOrderLineForm()
    if form.validate_on_submit():
        amount = 0 if request.form.get("remove") else form.amount.data
        try:
            rpc_client().orders.set_current_order_line(*_owner(), int(form.idproduct.data), amount)
        except (RemoteError, ValueError):
            flash(_("That product cannot be ordered."))
    else:
        flash(_("Enter an amount from 0 to 100,000."))
    back = request.form.get("next", "")
    return redirect(back if back.startswith("/fulfilmentportal/") else url_for("portal.current_order"))


def _save_details(form: OrderDetailsForm) -> dict:
    """What is typed so far; an empty field is left out (the saved details are replaced whole), so
    a half-typed address is kept and placing the order names each field still missing."""
    details = form.address() | {
        "reference": (form.reference.data or "").strip() or None,
        "customer_remarks": (form.customer_remarks.data or "").strip() or None,
        "idshippingprovider_profile": int(form.idshippingprovider_profile.data or 0) or None}
    return rpc_client().orders.update_current_order(
        *_owner(), {name: value for name, value in details.items() if value is not None})


@blueprint.post("/current-order")
@permission_required("ordering")
def change_current_order():
    """The page's forms post to the page's own address, so a refusal shown with its errors sits
    at the address a reload, a bookmark or the back button opens (not at one that only takes a POST)."""
    action = request.form.get("action")
    if action == "import":
        return _import_lines()
    return _save_details_then(action)


def _save_details_then(action: str | None):
    """Save the details; with the "Place order" button, then place the order too, unless its
    lines changed elsewhere (another tab, another device) since this page was shown. "keep" is
    portal.js saving what is typed before the page is left for a search or a product added."""
    form = _details_form()
    if not form.validate_on_submit():
        return ("", 400) if action == "keep" else current_order(form, 400)
    from_book = action == "use_address" and bool(form.saved_address.data)
    if from_book:
        _fill_from_address_book(form)
    try:
        saved = _save_details(form)
    except RemoteError as error:
        if action == "keep":
            return "", 400
        show_on_form(form, error, "deliveryname")
        return current_order(form, 400)
    if action == "keep":
        return "", 204
    if from_book:
        flash(_("The address from your address book has been filled in."))
        return redirect(url_for("portal.current_order"))
    if form.save_to_address_book.data and not _save_to_address_book(form):
        return current_order(form, 400)
    if action != "place":
        flash(_("Saved."))
        return redirect(url_for("portal.current_order"))
    seen = whole_number(request.form.get("version", ""))
    version = saved["version"] if seen is not None and seen + 1 == saved["version"] else -1
    try:
        order = rpc_client().orders.place_current_order(*_owner(), version, g.user["username"])
    except RemoteError as error:
        unplaced = show_on_form(form, error, None)
        if any(field.errors for field in form):  # the address is incomplete: shown at its fields, as typed
            flash(_("The order was not placed: please correct the fields marked."))
            return current_order(form, 400)
        flash(_("The order was not placed: %(reason)s", reason=" ".join(unplaced)))
        return redirect(url_for("portal.current_order"))
    flash(_("Your order has been placed and processed at once: its stock is reserved.")
          if order["status"] == "processing" else _("Your order has been placed. The warehouse will check and process it."))
    if not order_in_scope(order):  # processed at once in a warehouse this user does not see
        flash(_("Order %(orderid)s is handled by a warehouse outside your view.", orderid=order["orderid"]))
        return redirect(url_for("portal.orders"))
    return redirect(url_for("portal.order", order_id=order["idorder"]))


def _import_lines():
    """Lines from an Excel or CSV file, all or none; every bad row is listed with its number."""
    form = OrderImportForm()
    if not form.validate_on_submit():
        return current_order(import_form=form, status=400)
    upload = form.file.data
    try:
        lines = order_lines_from_file(upload.filename or "", upload.stream.read(MAX_FILE_BYTES + 1))
    except ImportRefused as refusal:
        form.file.errors.append(str(refusal))
        return current_order(import_form=form, status=400)
    result = rpc_client().orders.import_current_order_lines(*_owner(), lines)
    if result["errors"]:
        return current_order(import_form=form, import_errors=result["errors"], status=400)
    flash(ngettext("%(num)s line imported into your current order.", "%(num)s lines imported into your current order.",
                   result["imported"]))
    return redirect(url_for("portal.current_order"))


@blueprint.post("/orders/<int:order_id>/order-again")
@permission_required("ordering")
def order_again(order_id: int):
    """An earlier order's products into the current order, to check and change before placing
    (an amount, an address that moved); its address too, unless one is typed there already."""
    order = order_or_404(order_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    orders = rpc_client().orders
    rows = [{"row": number, "productcode": line["productcode"], "amount": line["amount"]}
            for number, line in enumerate(order["products"], 1)]
    result = orders.import_current_order_lines(*_owner(), rows)
    if result["errors"]:
        gone = sorted({rows[error["row"] - 1]["productcode"] for error in result["errors"]})
        flash(_("Order %(orderid)s cannot be ordered again as it was: %(codes)s can no longer be ordered.",
                orderid=order["orderid"], codes=", ".join(gone)))
        return redirect(url_for("portal.order", order_id=order_id))
    details = orders.get_current_order(*_owner())["details"]
    if any(details.get(name) for name in DELIVERY_FIELDS.values()):
        flash(_("The products of order %(orderid)s are in your current order, with the address you had typed there. "
                "Check it, then place it.", orderid=order["orderid"]))
    else:
        address = {name: order[name] for name in (*DELIVERY_FIELDS.values(), "idshippingprovider_profile")
                   if order.get(name) is not None}
        orders.update_current_order(*_owner(), details | address)
        flash(_("The products and address of order %(orderid)s are in your current order. Check it, then place it.",
                orderid=order["orderid"]))
    return redirect(url_for("portal.current_order"))
