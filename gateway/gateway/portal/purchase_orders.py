"""Portal pages for the client's purchase orders: the list, a new one, and one purchase order,
which a user with the purchasing permission changes (lines typed or imported from a sheet,
details), places and cancels until the warehouse receives the first goods."""
from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.counts import ngettext
from gateway.portal.forms import (ActionForm, OrderImportForm, PurchaseOrderForm, PurchaseOrderLineAmountForm,
                                  PurchaseOrderLineForm)
from gateway.portal.order_import import HEADERS, order_lines_from_file
from gateway.portal.permissions import permission_required
from gateway.portal.products import offset_argument
from gateway.warehouse_scope import order_in_scope, with_warehouse_scope
from gateway.portal.session_user import current_customer_id
from gateway.portal.uploaded_sheets import MAX_FILE_BYTES, ImportRefused

PAGE_SIZE = 100
STATUSES = ("concept", "purchased", "received", "cancelled")
# purchasing's refusals a user can act on: shown as a notice, the page stays as it was.
REFUSALS = ("InvalidPurchaseOrder", "PurchaseOrderLocked", "NoPurchaseOrderWarehouse", "SupplierNotFound")


def _purchase_order_or_404(purchase_order_id: int) -> dict:
    """The client's purchase order, if it goes to a warehouse the user sees (or has none yet)."""
    try:
        purchase_order = rpc_client().purchasing.get_purchase_order(current_customer_id(), purchase_order_id)
    except RemoteError as error:
        if error.exc_type == "PurchaseOrderNotFound":
            abort(404)
        raise
    if not order_in_scope(purchase_order):
        abort(404)
    return purchase_order


def _supplier_choices() -> list[tuple[str, str]]:
    suppliers = rpc_client().purchasing.list_suppliers(current_customer_id())
    return [("", _("— a new supplier —"))] + [(str(s["idsupplier"]), s["name"]) for s in suppliers]


def _details_form(purchase_order: dict | None = None) -> PurchaseOrderForm:
    """The details form, filled from the purchase order when there is one (posted data wins)."""
    data = None
    if purchase_order:
        data = {**purchase_order, "idsupplier": str(purchase_order["idsupplier"] or ""),
                "supplier_name": "" if purchase_order["idsupplier"] else purchase_order["supplier_name"],
                "delivery_date": date.fromisoformat(purchase_order["delivery_date"])
                if purchase_order["delivery_date"] else None}
    form = PurchaseOrderForm(data=data)
    form.idsupplier.choices = _supplier_choices()
    return form


def _details(form: PurchaseOrderForm) -> dict:
    """The form's details; a newly typed supplier is added to the client's list first."""
    details = form.details()
    if "supplier_name" in details:
        supplier = rpc_client().purchasing.create_supplier(current_customer_id(), {"name": details.pop("supplier_name")})
        details["idsupplier"] = supplier["idsupplier"]
    return details


def _refused(error: RemoteError) -> None:
    """A refusal the user can act on becomes a notice; anything else is a fault."""
    if error.exc_type not in REFUSALS:
        raise error
    flash(error.value)


@blueprint.get("/purchase-orders")
def purchase_orders():
    offset = offset_argument()
    filters = {"status": request.args["status"]} if request.args.get("status") in STATUSES else {}
    if search := (request.args.get("search") or "").strip():
        filters["search"] = search
    rows = rpc_client().purchasing.list_purchase_orders(current_customer_id(), offset, with_warehouse_scope(filters))
    return render_template("portal/purchase_orders.html", purchase_orders=rows, offset=offset, filters=filters,
                           statuses=STATUSES, page_size=PAGE_SIZE)


@blueprint.route("/purchase-orders/new", methods=["GET", "POST"])
@permission_required("purchasing")
def purchase_order_new():
    form = _details_form()
    if form.validate_on_submit():
        try:
            created = rpc_client().purchasing.create_purchase_order(current_customer_id(), _details(form),
                                                                    g.user["username"])["purchase_order"]
        except RemoteError as error:
            if error.exc_type not in REFUSALS:
                raise
            form.show_error(error.value)
        else:
            flash(_("Purchase order %(number)s has been made. Add its products, then place it.",
                    number=created["purchaseorderid"]))
            return redirect(url_for("portal.purchase_order", purchase_order_id=created["idpurchaseorder"]))
    return render_template("portal/purchase_order_new.html", form=form), 400 if form.errors else 200


def _render(purchase_order: dict, status: int = 200, **forms):
    return render_template(
        "portal/purchase_order.html", purchase_order=purchase_order,
        details_form=forms.get("details_form") or _details_form(purchase_order),
        line_form=forms.get("line_form") or PurchaseOrderLineForm(),
        import_form=forms.get("import_form") or OrderImportForm(), import_errors=forms.get("import_errors") or [],
        import_headers=HEADERS), status


@blueprint.get("/purchase-orders/<int:purchase_order_id>")
def purchase_order(purchase_order_id: int):
    return _render(_purchase_order_or_404(purchase_order_id))


def _back(purchase_order_id: int):
    return redirect(url_for("portal.purchase_order", purchase_order_id=purchase_order_id))


def _change(purchase_order_id: int, method: str, *args, done: str) -> None:
    """Call purchasing's `method` for the user's client; say it was done, or why not."""
    try:
        getattr(rpc_client().purchasing, method)(current_customer_id(), purchase_order_id, *args, g.user["username"])
    except RemoteError as error:
        _refused(error)
    else:
        flash(done)


@blueprint.post("/purchase-orders/<int:purchase_order_id>")
@permission_required("purchasing")
def change_purchase_order(purchase_order_id: int):
    """The page's forms that may come back with errors (details, a line, an import) post to the
    page's own address, so a refusal shown with its errors sits at the address a reload, a bookmark
    or the back button opens, not at one that only takes a POST."""
    current = _purchase_order_or_404(purchase_order_id)
    action = {"details": _change_details, "add_line": _add_line, "import": _import_lines}.get(request.form.get("action"))
    if action is None:
        abort(400)
    return action(current)


def _change_details(current: dict):
    purchase_order_id = current["idpurchaseorder"]
    form = _details_form()
    if not form.validate_on_submit():
        return _render(current, 400, details_form=form)
    _change(purchase_order_id, "update_purchase_order", _details(form), done=_("Your changes have been saved."))
    return _back(purchase_order_id)


def _add_line(current: dict):
    purchase_order_id = current["idpurchaseorder"]
    form = PurchaseOrderLineForm()
    if not form.validate_on_submit():
        return _render(current, 400, line_form=form)
    _change(purchase_order_id, "add_purchase_order_line",
            {"productcode": form.productcode.data.strip(), "amount": form.amount.data},
            done=_("%(code)s has been added.", code=form.productcode.data.strip()))
    return _back(purchase_order_id)


@blueprint.post("/purchase-orders/<int:purchase_order_id>/lines/<int:line_id>")
@permission_required("purchasing")
def purchase_order_line(purchase_order_id: int, line_id: int):
    _purchase_order_or_404(purchase_order_id)
    form = PurchaseOrderLineAmountForm()
    if request.form.get("remove") and ActionForm().validate_on_submit():
        _change(purchase_order_id, "remove_purchase_order_line", line_id, done=_("The line has been removed."))
    elif form.validate_on_submit():
        _change(purchase_order_id, "change_purchase_order_line", line_id, form.amount.data,
                done=_("The amount has been changed."))
    else:
        flash(_("Enter a whole number from 1 to 100,000."))
    return _back(purchase_order_id)


def _import_lines(current: dict):
    """Lines from an Excel or CSV file, all or none; every bad row is listed with its number."""
    purchase_order_id = current["idpurchaseorder"]
    form = OrderImportForm()
    if not form.validate_on_submit():
        return _render(current, 400, import_form=form)
    upload = form.file.data
    try:
        lines = order_lines_from_file(upload.filename or "", upload.stream.read(MAX_FILE_BYTES + 1))
        result = rpc_client().purchasing.import_purchase_order_lines(current_customer_id(), purchase_order_id, lines,
                                                                     g.user["username"])
    except ImportRefused as refusal:
        form.file.errors.append(str(refusal))
        return _render(current, 400, import_form=form)
    except RemoteError as error:
        _refused(error)
        return _back(purchase_order_id)
    if result["errors"]:
        return _render(current, 400, import_form=form, import_errors=result["errors"])
    flash(ngettext("%(num)s line imported.", "%(num)s lines imported.", result["imported"]))
    return _back(purchase_order_id)


@blueprint.post("/purchase-orders/<int:purchase_order_id>/purchase")
@permission_required("purchasing")
def purchase_order_purchase(purchase_order_id: int):
    _purchase_order_or_404(purchase_order_id)
    if ActionForm().validate_on_submit():
        _change(purchase_order_id, "mark_purchase_order_purchased",
                done=_("The purchase order has been placed: the warehouse now expects the goods."))
    return _back(purchase_order_id)


@blueprint.post("/purchase-orders/<int:purchase_order_id>/cancel")
@permission_required("purchasing")
def purchase_order_cancel(purchase_order_id: int):
    _purchase_order_or_404(purchase_order_id)
    if ActionForm().validate_on_submit():
        _change(purchase_order_id, "cancel_purchase_order", done=_("The purchase order has been cancelled."))
    return _back(purchase_order_id)
