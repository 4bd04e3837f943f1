"""/api/v1/products: products of the caller's customer (customer key) or of any customer
(operator key, optionally filtered with `?idfulfilment_customer=`)."""
from flask import request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, refuse_unknown_arguments, required_customer
from gateway.api.picqer_fields import product_fields
from gateway.api.picqer_format import (
    boolean_argument, json_body, offset_argument, with_picqer_amounts, with_picqer_reserved, with_picqer_times,
)
from gateway.warehouse_scope import scoped_product


def _present(product: dict) -> dict:
    shown = with_picqer_amounts(with_picqer_times(product, "created_at", "updated_at"), "price", "costprice")
    return {**shown, "fixedstockprice": shown.get("costprice"),  # Picqer's name for the cost price
            "stock": [with_picqer_reserved(level) for level in product["stock"]]}


def find_product(product_id: int) -> dict:
    """The product this request may act on: the key's customer's, or for an operator key the
    named customer's, or any customer's. Another customer's answers 404 like a missing one."""
    catalog = rpc_client().catalog
    return scoped_product(for_key_scope(catalog.get_product, catalog.get_product_of_any_customer, product_id))


@blueprint.get("/products")
def list_products():
    """List products, 100 a page: `GET /api/v1/products?offset=0&search=shirt&active=true`; also
    Picqer's `productcode` (exactly), `updated_since` (a date or "2019-04-03 21:14:18", UTC) and
    `inactive` (false: active products only; true, or left out: inactive ones too; with `active`
    both apply). Any other argument is refused."""
    refuse_unknown_arguments("search", "active", "inactive", "productcode", "updated_since")
    catalog = rpc_client().catalog
    search = request.args.get("search") or None
    active, inactive = boolean_argument("active"), boolean_argument("inactive")
    if inactive is False:  # Picqer's: active products only, as active=true says
        if active is False:
            return []  # inactive ones only, and active ones only: none
        active = True
    filters = {name: value for name, value in (("active", active),
                                                 ("productcode", request.args.get("productcode") or None),
                                                 ("updated_since", request.args.get("updated_since") or None))
               if value is not None}
    products = for_key_scope(lambda customer_id, offset: catalog.list_products(customer_id, offset, search, filters),
                             lambda offset: catalog.list_products_of_all_customers(offset, search, filters),
                             offset_argument())
    return [_present(scoped_product(p)) for p in products]


@blueprint.get("/products/<int:product_id>")
def get_product(product_id: int):
    return _present(find_product(product_id))


@blueprint.post("/products")
def create_product():
    """Create a product: `{"productcode": "SKU-1", "name": "T-shirt", "price": "12.50"}`;
    an operator key adds `"idfulfilment_customer": 4`."""
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    return _present(rpc_client().catalog.create_product(customer_id, product_fields(body))), 201


@blueprint.put("/products/<int:product_id>")
def update_product(product_id: int):
    """Change some fields: `{"name": "T-shirt red", "price": "14.95", "active": false}`. The
    product code never changes (sending it unchanged is fine)."""
    body = product_fields(json_body())
    product = find_product(product_id)
    return _present(rpc_client().catalog.update_product(product["idfulfilment_customer"], product_id, body))


@blueprint.get("/vatgroups")
def list_vat_groups():
    """Picqer's VAT groups, the warehouse's for every client: `[{"idvatgroup": 1, "name": "BTW hoog",
    "percentage": 21.0}, ...]`; a product names one with `idvatgroup` (21 % when it names none)."""
    refuse_unknown_arguments()
    return [with_picqer_amounts(group, "percentage") for group in rpc_client().catalog.list_vat_groups()]
