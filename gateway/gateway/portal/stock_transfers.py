"""Portal pages for the client's stock transfers (goods it sends from its own location to the
warehouse): the list, filtered by who made them, a new one, and one transfer, which a user with
the purchasing permission changes, marks received (what arrived per line) or cancels while it
is to ship."""
from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.forms import (ActionForm, PurchaseOrderLineAmountForm, PurchaseOrderLineForm,
                                  StockTransferDetailsForm, StockTransferForm)
from gateway.portal.permissions import permission_required
from gateway.portal.products import offset_argument
from gateway.portal.session_user import current_customer_id
from gateway.stock_transfer_pdf import stock_transfer_pdf_response
from gateway.warehouse_scope import order_in_scope, with_warehouse_scope

PAGE_SIZE = 100
STATUSES = ("to_ship", "received", "cancelled")
# purchasing's refusals a user can act on: shown as a notice, the page stays as it was.
REFUSALS = ("InvalidStockTransfer", "StockTransferLocked", "NoPurchaseOrderWarehouse")


def _transfer_or_404(transfer_id: int) -> dict:
    """The client's transfer, if it goes to a warehouse the user sees."""
    try:
        transfer = rpc_client().purchasing.get_stock_transfer(current_customer_id(), transfer_id)
    except RemoteError as error:
        if error.exc_type == "StockTransferNotFound":
            abort(404)
        raise
    if not order_in_scope(transfer):
        abort(404)
    return transfer


@blueprint.get("/stock-transfers")
def stock_transfers():
    offset = offset_argument()
    filters = {"status": request.args["status"]} if request.args.get("status") in STATUSES else {}
    for name in ("created_by", "search"):
        if value := (request.args.get(name) or "").strip()[:100]:
            filters[name] = value
    purchasing = rpc_client().purchasing
    rows = purchasing.list_stock_transfers(current_customer_id(), offset, with_warehouse_scope(filters))
    return render_template("portal/stock_transfers.html", transfers=rows, offset=offset, filters=filters,
                           statuses=STATUSES, creators=purchasing.list_stock_transfer_creators(current_customer_id()),
                           page_size=PAGE_SIZE)


@blueprint.route("/stock-transfers/new", methods=["GET", "POST"])
@permission_required("purchasing")
def stock_transfer_new():
    form = StockTransferForm()
    refused = False
    if form.validate_on_submit():
        try:
            created = rpc_client().purchasing.create_stock_transfer(
                current_customer_id(), {**form.details(), "products": form.products()}, g.user["username"],
                True)["stock_transfer"]
        except RemoteError as error:
            if error.exc_type not in REFUSALS:
                raise
            form.show_error(error.value)
            refused = True
        else:
            flash(_("Stock transfer %(number)s has been made. Print it and put it with the boxes.",
                    number=created["stocktransferid"]))
            return redirect(url_for("portal.stock_transfer", transfer_id=created["idstocktransfer"]))
    return render_template("portal/stock_transfer_new.html", form=form), 400 if refused or form.errors else 200


def _render(transfer: dict, status: int = 200, details_form: StockTransferDetailsForm | None = None):
    if details_form is None:
        details_form = StockTransferDetailsForm(data={
            "origin": transfer["origin"], "remarks": transfer["remarks"],
            "expected_date": date.fromisoformat(transfer["expected_date"]) if transfer["expected_date"] else None})
    return render_template("portal/stock_transfer.html", transfer=transfer, details_form=details_form), status


@blueprint.get("/stock-transfers/<int:transfer_id>")
def stock_transfer(transfer_id: int):
    return _render(_transfer_or_404(transfer_id))


def _back(transfer_id: int):
    return redirect(url_for("portal.stock_transfer", transfer_id=transfer_id))


def _change(transfer_id: int, method: str, *args, done: str) -> None:
    """Call purchasing's `method` for the user's client; say it was done, or why not."""
    try:
        getattr(rpc_client().purchasing, method)(current_customer_id(), transfer_id, *args)
    except RemoteError as error:
        if error.exc_type not in REFUSALS:
            raise
        flash(error.value)
    else:
        flash(done)


@blueprint.post("/stock-transfers/<int:transfer_id>")
@permission_required("purchasing")
def stock_transfer_details(transfer_id: int):
    """Posted to the transfer's own address, so details refused with their errors sit where a
    reload or the back button opens the page (not at a POST-only address)."""
    current = _transfer_or_404(transfer_id)
    form = StockTransferDetailsForm()
    if not form.validate_on_submit():
        return _render(current, 400, form)
    _change(transfer_id, "update_stock_transfer", form.details(), True, done=_("Your changes have been saved."))
    return _back(transfer_id)


def _changed_lines(transfer_id: int, lines: list[dict], done: str) -> None:
    """Replace the transfer's lines (purchasing checks them all again)."""
    _change(transfer_id, "update_stock_transfer", {"products": lines}, True, done=done)


def _kept(transfer: dict, skip_line_id: int | None = None) -> list[dict]:
    return [{"idproduct": line["idproduct"], "amount": line["amount"]} for line in transfer["products"]
            if line["idstocktransfer_product"] != skip_line_id]


@blueprint.post("/stock-transfers/<int:transfer_id>/lines")
@permission_required("purchasing")
def stock_transfer_add_line(transfer_id: int):
    """Add a product; one already on the transfer takes the amount on top."""
    transfer = _transfer_or_404(transfer_id)
    form = PurchaseOrderLineForm()
    if not form.validate_on_submit():
        flash(_("Enter a product code and a whole number from 1 to 100,000."))
        return _back(transfer_id)
    code = form.productcode.data.strip()
    lines = _kept(transfer)
    same = next((n for n, line in enumerate(transfer["products"]) if line["productcode"] == code), None)
    if same is None:
        lines.append({"productcode": code, "amount": form.amount.data})
    else:
        lines[same]["amount"] += form.amount.data
    _changed_lines(transfer_id, lines, _("%(code)s has been added.", code=code))
    return _back(transfer_id)


@blueprint.post("/stock-transfers/<int:transfer_id>/lines/<int:line_id>")
@permission_required("purchasing")
def stock_transfer_line(transfer_id: int, line_id: int):
    """Change a line's amount, or remove it."""
    transfer = _transfer_or_404(transfer_id)
    if all(line["idstocktransfer_product"] != line_id for line in transfer["products"]):
        abort(404)
    form = PurchaseOrderLineAmountForm()
    if request.form.get("remove") and ActionForm().validate_on_submit():
        _changed_lines(transfer_id, _kept(transfer, line_id), _("The line has been removed."))
    elif form.validate_on_submit():
        lines = [{**line, "amount": form.amount.data} if kept["idstocktransfer_product"] == line_id else line
                 for kept, line in zip(transfer["products"], _kept(transfer))]
        _changed_lines(transfer_id, lines, _("The amount has been changed."))
    else:
        flash(_("Enter a whole number from 1 to 100,000."))
    return _back(transfer_id)


def _received_lines(transfer: dict) -> list[dict] | None:
    """What arrived per line, from the form's `received-<line id>` fields; None if one is not a
    whole number from 0 to what was sent."""
    lines = []
    for line in transfer["products"]:
        raw = (request.form.get(f"received-{line['idstocktransfer_product']}") or "").strip()
        if not raw.isdigit() or int(raw) > line["amount"]:
            return None
        lines.append({"idstocktransfer_product": line["idstocktransfer_product"], "amount": int(raw)})
    return lines


@blueprint.post("/stock-transfers/<int:transfer_id>/receive")
@permission_required("purchasing")
def stock_transfer_receive(transfer_id: int):
    transfer = _transfer_or_404(transfer_id)
    if not ActionForm().validate_on_submit():
        return _back(transfer_id)
    lines = _received_lines(transfer)
    if lines is None:
        flash(_("Enter for each product a whole number from 0 to the amount sent."))
    else:
        _change(transfer_id, "receive_stock_transfer", {"products": lines}, g.user["username"], g.user["user_id"],
                done=_("The stock transfer has been received: the stock is being booked."))
    return _back(transfer_id)


@blueprint.post("/stock-transfers/<int:transfer_id>/cancel")
@permission_required("purchasing")
def stock_transfer_cancel(transfer_id: int):
    _transfer_or_404(transfer_id)
    if ActionForm().validate_on_submit():
        _change(transfer_id, "cancel_stock_transfer", True, done=_("The stock transfer has been cancelled."))
    return _back(transfer_id)


@blueprint.get("/stock-transfers/<int:transfer_id>/pdf")
def stock_transfer_pdf_page(transfer_id: int):
    """The transfer on A4 with its number as a barcode, to print and put in the boxes."""
    return stock_transfer_pdf_response(_transfer_or_404(transfer_id), g.user["customer_name"])
