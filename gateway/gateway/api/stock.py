"""Stock through the API: levels per warehouse, changes by the warehouse (operator keys only:
clients never change stock levels themselves), the warehouses, and the stock history."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import customer_from_key_or, refuse_unknown_arguments, require_operator
from gateway.api.errors import ApiError
from gateway.api.picqer_format import (
    json_body, offset_argument, whole_number_argument, with_picqer_reserved, with_picqer_times,
)
from gateway.api.products import find_product
from gateway.warehouse_scope import in_scope, with_warehouse_scope

LEVEL_FIELDS = ("idproduct", "idwarehouse", "stock", "reserved", "freestock")


def _present_level(level: dict) -> dict:
    return with_picqer_reserved({field: level[field] for field in LEVEL_FIELDS})


@blueprint.get("/warehouses")
def list_warehouses():
    return rpc_client().catalog.list_warehouses()


@blueprint.get("/warehouses/<int:warehouse_id>")
def get_warehouse(warehouse_id: int):
    found = [w for w in rpc_client().catalog.list_warehouses() if w["idwarehouse"] == warehouse_id]
    if not found:
        raise ApiError(404, f"warehouse {warehouse_id} not found")
    return found[0]


@blueprint.get("/products/<int:product_id>/stock")
def get_product_stock(product_id: int):
    """The product's stock per warehouse: `[{"idwarehouse": 1, "stock": 10, "reserved": 2, "freestock": 8}]`."""
    return [with_picqer_reserved(level) for level in find_product(product_id)["stock"]]


@blueprint.get("/products/<int:product_id>/stock/<int:warehouse_id>")
def get_warehouse_stock(product_id: int, warehouse_id: int):
    product = find_product(product_id)
    if not in_scope(warehouse_id):  # a key limited to other warehouses: as if there were none
        raise ApiError(404, f"warehouse {warehouse_id} not found")
    level = rpc_client().catalog.get_stock_level(product["idfulfilment_customer"], product_id, warehouse_id)
    return _present_level(level)


@blueprint.post("/products/<int:product_id>/stock/<int:warehouse_id>")
def change_warehouse_stock(product_id: int, warehouse_id: int):
    """Change stock (operator key): `{"change": -3, "reason": "Damaged"}` moves it by a number;
    `{"amount": 10, "reason": "Stocktake"}` sets it. Never below zero or below what is reserved."""
    require_operator()
    body = json_body()
    if ("change" in body) == ("amount" in body):
        raise ApiError(400, "change: give either change (a relative number) or amount (the new level).")
    unknown = sorted(set(body) - {"change", "amount", "reason"})
    if unknown:
        raise ApiError(400, f"{unknown[0]}: Unknown field.")
    customer_id = find_product(product_id)["idfulfilment_customer"]
    who = f"API key: {g.api_key['name']}"
    catalog = rpc_client().catalog
    if "change" in body:
        level = catalog.change_stock(customer_id, product_id, warehouse_id, body["change"], body.get("reason"), who)
    else:
        level = catalog.set_stock(customer_id, product_id, warehouse_id, body["amount"], body.get("reason"), who)
    return _present_level(level), 201


@blueprint.get("/stockhistory")
def list_stock_history():
    """Stock movements, newest first, 100 a page: `GET /api/v1/stockhistory?idproduct=5&sincedate=2026-01-01`;
    `?iduser=4`: those portal user 4 made (their `iduser`; the warehouse's and the system's have none).

    Page with `?offset=100` as in Picqer, or faster deep into a long history with
    `?before=<idproduct_stock_history of the last row>`. An operator key sees every customer's,
    or one customer's with `idfulfilment_customer` (or `idproduct`).
    """
    refuse_unknown_arguments("idproduct", "idwarehouse", "iduser", "sincedate", "untildate", "before")
    filters = {"idproduct": whole_number_argument("idproduct"), "idwarehouse": whole_number_argument("idwarehouse"),
               "iduser": whole_number_argument("iduser"),
               "sincedate": request.args.get("sincedate") or None, "untildate": request.args.get("untildate") or None}
    return _stock_history(filters, offset_argument(), whole_number_argument("before"))


@blueprint.get("/stockhistory/<int:movement_id>")
def get_stock_movement(movement_id: int):
    found = _stock_history({"idproduct_stock_history": movement_id, "idproduct": None})
    if not found:  # another client's (or outside the key's warehouses) answers like a missing one
        raise ApiError(404, f"stock history {movement_id} not found")
    return found[0]


def _stock_history(filters: dict, offset: int = 0, before: int | None = None) -> list[dict]:
    catalog = rpc_client().catalog
    customer_id = customer_from_key_or(request.args.get("idfulfilment_customer"))
    if customer_id is None and filters["idproduct"] is not None:
        customer_id = find_product(filters["idproduct"])["idfulfilment_customer"]
    rows = (catalog.list_stock_history_of_all_customers(filters, offset, before) if customer_id is None
            else catalog.list_stock_history(customer_id, with_warehouse_scope(filters), offset, before))
    return [with_picqer_times(row, "changed_at") for row in rows]
