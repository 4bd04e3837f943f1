"""Portal pages for a client's products: list (search, filters, sorting, paging, export),
product page (stock per warehouse, stock value, stock history) and, for users with the
product-management permission, the add and edit forms."""
import base64
from decimal import Decimal

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.image_files import image_response
from gateway.input_guards import whole_number
from gateway.portal.answers import every_answer
from gateway.portal.expected_inbound import amounts_waiting, product_inbound_calls
from gateway.portal.forms import ProductForm, ProductImageDeleteForm, ProductImageForm, ProductImportForm
from gateway.portal.product_import import HEADERS, products_from_rows, read_product_file
from gateway.portal.uploaded_sheets import MAX_FILE_BYTES, ImportRefused
from gateway.portal.permissions import permission_required
from gateway.warehouse_scope import scoped_product, visible_warehouses, with_warehouse_scope
from gateway.portal.session_user import current_customer_id
from gateway.portal.spreadsheets import PRODUCT_COLUMNS, csv_download, csv_style, xlsx_download
from gateway.portal.stock_charts import stock_charts, stock_over_time_call

PAGE_SIZE = 100
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # the catalog's limit too; refused here before base64 makes it larger
EXPORT_LIMIT = 50_000  # rows; a larger catalogue is exported through the API
STOCK_FILTERS = ("in_stock", "out_of_stock", "below_minimum")
ACTIVE_FILTERS = {"1": True, "0": False}
SORTS = ("productcode", "-productcode", "name", "-name", "price", "-price", "freestock", "-freestock")


def list_arguments() -> dict:
    """Search, filters and sort from the query string; anything unrecognised is ignored."""
    stock = request.args.get("stock", "")
    active = request.args.get("active", "")
    sort = request.args.get("sort", "")
    return {"search": (request.args.get("search") or "").strip(),
            "stock": stock if stock in STOCK_FILTERS else "",
            "active": active if active in ACTIVE_FILTERS else "",
            "sort": sort if sort in SORTS else ""}


def catalog_filters(arguments: dict) -> dict:
    return with_warehouse_scope({"stock": arguments["stock"] or None, "active": ACTIVE_FILTERS.get(arguments["active"]),
                                 "sort": arguments["sort"] or None})


def offset_argument() -> int:
    """`?offset=` of a paged list; anything but a whole number is the first page."""
    return whole_number(request.args.get("offset", "0")) or 0


def _own_product(product_id: int) -> dict:
    try:
        return scoped_product(rpc_client().catalog.get_product(current_customer_id(), product_id))
    except RemoteError as error:
        if error.exc_type == "ProductNotFound":
            abort(404)
        raise


def warehouse_names() -> dict[int, str]:
    """The warehouses the signed-in user sees, by id."""
    return visible_warehouses({w["idwarehouse"]: w["name"] for w in rpc_client().catalog.list_warehouses()})


def keyset_before() -> int | None:
    """The stock history page after the row with this id (`?before=`), or None for the newest."""
    return whole_number(request.args.get("before", "")) or None


def stock_value(product: dict) -> Decimal:
    """What the client's stock of this product is worth at cost."""
    return Decimal(product["costprice"]) * sum(level["stock"] for level in product["stock"])


@blueprint.get("/products")
def products():
    arguments, offset = list_arguments(), offset_argument()
    catalog = rpc_client().catalog
    rows = [scoped_product(row) for row in catalog.list_products(
        current_customer_id(), offset, arguments["search"] or None, catalog_filters(arguments))]
    photos = catalog.list_first_product_images(current_customer_id(), [row["idproduct"] for row in rows]) if rows else {}
    return render_template("portal/products.html", products=rows, photos=photos, offset=offset, page_size=PAGE_SIZE,
                           arguments=arguments, filtered=any(arguments.values()), csv_style=csv_style())


@blueprint.get("/products/export.<any(xlsx, csv):file_format>")
def products_export(file_format: str):
    """The list as the client sees it (same search, filters and sort), every page of it; a csv with
    `?separator=semicolon` or `comma`, else as the reader's language writes numbers."""
    arguments = list_arguments()
    catalog, customer_id, filters = rpc_client().catalog, current_customer_id(), catalog_filters(arguments)
    rows: list[dict] = []
    while len(rows) < EXPORT_LIMIT:
        page = catalog.list_products(customer_id, len(rows), arguments["search"] or None, filters)
        rows.extend(scoped_product(row) for row in page)
        if len(page) < PAGE_SIZE:
            break
    table = [[column.value(row) for column in PRODUCT_COLUMNS] for row in rows]
    headers = [column.header() for column in PRODUCT_COLUMNS]
    if file_format == "xlsx":
        return xlsx_download(_("products"), headers, table)
    return csv_download(_("products"), headers, table, csv_style(request.args.get("separator")))


@blueprint.get("/products/<int:product_id>")
def product(product_id: int):
    row = _own_product(product_id)  # another client's: 404 before anything else is asked
    customer_id, before = current_customer_id(), keyset_before()
    # The rest at once: the page waits for the slowest service, not for their sum.
    answers = every_answer(rpc_client().call_all({
        "history": ("catalog", "list_stock_history", customer_id, with_warehouse_scope({"idproduct": product_id}),
                    0, before),
        "warehouses": ("catalog", "list_warehouses"),
        "images": ("catalog", "list_product_images", customer_id, product_id),
        "over_time": stock_over_time_call(customer_id, product_id),
        **product_inbound_calls(customer_id, product_id),
    }))
    inbound = answers["inbound"]
    return render_template("portal/product.html", product=row, history=answers["history"],
                           warehouses=visible_warehouses({w["idwarehouse"]: w["name"] for w in answers["warehouses"]}),
                           history_before=before, page_size=PAGE_SIZE, stock_value=stock_value(row),
                           images=answers["images"], image_form=ProductImageForm(),
                           inbound=inbound[0] if inbound else None, charts=stock_charts(row, answers["over_time"]),
                           backordered=amounts_waiting(answers["backorders"]).get(product_id, 0))


def _save(form: ProductForm, save) -> dict | None:
    """Send the form to the catalog; its refusals show at the field they name."""
    try:
        return save(form.product_data())
    except RemoteError as error:
        if error.exc_type == "DuplicateProductCode":
            form.productcode.errors = [_("You already have a product with this code.")]
        elif error.exc_type == "InvalidProduct":
            form.show_catalog_error(error.value)
        else:
            raise
        return None


@blueprint.route("/products/new", methods=["GET", "POST"])
@permission_required("products")
def product_new():
    form = ProductForm()
    if form.validate_on_submit():
        created = _save(form, lambda data: rpc_client().catalog.create_product(current_customer_id(), data))
        if created:
            flash(_("Product %(code)s has been added.", code=created["productcode"]))
            return redirect(url_for("portal.product", product_id=created["idproduct"]))
    return render_template("portal/product_form.html", form=form, product=None), 400 if form.errors else 200


@blueprint.route("/products/<int:product_id>/edit", methods=["GET", "POST"])
@permission_required("products")
def product_edit(product_id: int):
    current = _own_product(product_id)
    form = ProductForm(data=ProductForm.data_from(current))
    form.productcode.data = current["productcode"]  # shown, never sent: a code cannot change
    if form.validate_on_submit():
        saved = _save(form, lambda data: rpc_client().catalog.update_product(
            current_customer_id(), product_id, {k: v for k, v in data.items() if k != "productcode"}))
        if saved:
            flash(_("Your changes have been saved."))
            return redirect(url_for("portal.product", product_id=product_id))
    return render_template("portal/product_form.html", form=form, product=current), 400 if form.errors else 200


@blueprint.route("/products/import", methods=["GET", "POST"])
@permission_required("products")
def products_import():
    """Upload a file of products; nothing is written unless every row is right."""
    form, errors = ProductImportForm(), []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = read_product_file(upload.filename or "", upload.stream.read(MAX_FILE_BYTES + 1))
            products, header_of, errors = products_from_rows(rows)
        except ImportRefused as refusal:
            form.file.errors = [str(refusal)]
        else:
            if not errors:
                result = rpc_client().catalog.import_products(current_customer_id(), products)
                errors = [{**error, "column": header_of.get(error["field"], error["field"])}
                          for error in result["errors"]]
                if not errors:
                    flash(_("Import done: %(created)s products added, %(updated)s updated.",
                            created=result["created"], updated=result["updated"]))
                    return redirect(url_for("portal.products"))
    status = 400 if form.errors or errors else 200
    return render_template("portal/product_import.html", form=form, errors=errors, headers=HEADERS), status


def _image_added(product_id: int, data: bytes) -> bool:
    """False when the catalog (or the size, before base64 makes it larger) refuses the file."""
    if len(data) > MAX_IMAGE_BYTES:
        return False
    try:
        rpc_client().catalog.add_product_image(current_customer_id(), product_id, base64.b64encode(data).decode())
    except RemoteError as error:
        if error.exc_type != "InvalidImage":
            raise
        return False
    return True


@blueprint.post("/products/<int:product_id>/images")
@permission_required("products")
def product_image_add(product_id: int):
    _own_product(product_id)
    form = ProductImageForm()
    if not form.validate_on_submit():
        flash(_("Choose an image file first."))
    elif _image_added(product_id, form.image.data.stream.read(MAX_IMAGE_BYTES + 1)):
        flash(_("The image has been added."))
    else:
        flash(_("This file is not a JPEG, PNG, WebP or GIF image of at most 5 MB."))
    return redirect(url_for("portal.product", product_id=product_id))


def _own_image(product_id: int, image_id: int, thumbnail: bool = True) -> dict:
    try:
        image = rpc_client().catalog.get_product_image(current_customer_id(), image_id, thumbnail)
    except RemoteError as error:
        if error.exc_type == "ImageNotFound":
            abort(404)
        raise
    if image["idproduct"] != product_id:
        abort(404)
    return image


@blueprint.get("/products/<int:product_id>/images/<int:image_id>", defaults={"thumbnail": False})
@blueprint.get("/products/<int:product_id>/images/<int:image_id>/thumbnail", defaults={"thumbnail": True})
def product_image(product_id: int, image_id: int, thumbnail: bool):
    return image_response(_own_image(product_id, image_id, thumbnail))


@blueprint.post("/products/<int:product_id>/images/<int:image_id>/delete")
@permission_required("products")
def product_image_delete(product_id: int, image_id: int):
    _own_image(product_id, image_id)
    if ProductImageDeleteForm().validate_on_submit():
        rpc_client().catalog.delete_product_image(current_customer_id(), image_id)
        flash(_("The image has been removed."))
    return redirect(url_for("portal.product", product_id=product_id))
