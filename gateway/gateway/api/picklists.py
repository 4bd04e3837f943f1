"""/api/v1/picklists and their shipments: what the warehouse picks per order and the parcels it
sends, as Picqer's. Any key reads its own customer's (an operator key every customer's, or one
named with `idfulfilment_customer`); picking, shipping and closing are the warehouse's, for
operator keys."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, refuse_unknown_arguments, require_operator
from gateway.api.picqer_format import json_body, offset_argument, optional_json_body, with_picqer_times
from gateway.api.errors import ApiError
from gateway.order_scope import with_order_scope
from gateway.warehouse_scope import in_scope, with_warehouse_scope

FILTERS = ("idorder", "status", "idwarehouse", "sincedate")


def present_picklist(picklist: dict) -> dict:
    return with_picqer_times(picklist, "created", "updated", "closed_at")


def _scoped(picklist: dict) -> dict:
    """The picklist, if it is picked in one of the key's warehouses; 404 otherwise."""
    if not in_scope(picklist["idwarehouse"]):
        raise ApiError(404, f"picklist {picklist['idpicklist']} not found")
    return picklist


def _operator_picklist(picklist_id: int) -> dict:
    """The picklist of whichever customer, for the warehouse (operator keys only)."""
    require_operator()
    return _scoped(rpc_client().orders.get_picklist_of_any_customer(picklist_id))


@blueprint.get("/picklists")
def list_picklists():
    """Picklists, newest first, 100 a page: `?idorder=31&status=new&idwarehouse=1&sincedate=2026-11-01`;
    any other argument is refused. A key limited to some warehouses sees the picklists of those."""
    refuse_unknown_arguments(*FILTERS)
    orders = rpc_client().orders
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    rows = for_key_scope(orders.list_picklists, orders.list_picklists_of_all_customers, offset_argument(),
                         with_warehouse_scope(filters))
    return [present_picklist(row) for row in rows]


@blueprint.get("/picklists/<int:picklist_id>")
def get_picklist(picklist_id: int):
    orders = rpc_client().orders
    return present_picklist(_scoped(for_key_scope(orders.get_picklist, orders.get_picklist_of_any_customer,
                                                  picklist_id)))


@blueprint.post("/picklists/<int:picklist_id>/pick")
def pick_product(picklist_id: int):
    """Pick a product: `{"product": 5 (idproduct) or "MUG-1" (productcode), "amount": 2}`; without
    `amount`, all of it that is on the picklist."""
    picklist = _operator_picklist(picklist_id)
    body = json_body()
    return present_picklist(rpc_client().orders.pick_picklist_product(
        picklist["idfulfilment_customer"], picklist_id, body.get("product", body.get("idproduct")),
        body.get("amount"), f"API key {g.api_key['name']}"))


@blueprint.post("/picklists/<int:picklist_id>/pickall")
def pick_all(picklist_id: int):
    picklist = _operator_picklist(picklist_id)
    return present_picklist(rpc_client().orders.pick_all_picklist_products(
        picklist["idfulfilment_customer"], picklist_id, f"API key {g.api_key['name']}"))


@blueprint.post("/picklists/<int:picklist_id>/close")
def close_picklist(picklist_id: int):
    """Close the picklist: what was picked ships, what was not goes back to the order as a
    backorder; `{"reason": "not on its location"}` says why."""
    picklist = _operator_picklist(picklist_id)
    return present_picklist(rpc_client().orders.close_picklist(
        picklist["idfulfilment_customer"], picklist_id, f"API key {g.api_key['name']}",
        optional_json_body().get("reason")))


def present_shipment(shipment: dict) -> dict:
    return with_picqer_times(shipment, "created", "updated", "cancelled_at", "cancellable_until")


@blueprint.get("/picklists/<int:picklist_id>/shipments")
def list_picklist_shipments(picklist_id: int):
    """The picklist's parcels, oldest first (cancelled ones say so)."""
    picklist = get_picklist(picklist_id)
    return [present_shipment(shipment) for shipment in rpc_client().orders.list_picklist_shipments(
        picklist["idfulfilment_customer"], picklist_id)]


@blueprint.post("/picklists/<int:picklist_id>/shipments")
def create_shipment(picklist_id: int):
    """A parcel for the picklist (operator keys): `{"idshippingprovider_profile": 3, "weight": 1200,
    "trackingcode": "3SABC1234567"}`; without a profile, the order's; without `trackingurl`, made
    from the provider's track & trace pattern. Several parcels are several shipments."""
    picklist = _operator_picklist(picklist_id)
    return present_shipment(rpc_client().orders.create_shipment(
        picklist["idfulfilment_customer"], picklist_id, json_body(), f"API key {g.api_key['name']}")), 201


@blueprint.post("/picklists/<int:picklist_id>/shipments/<int:shipment_id>/cancel")
def cancel_shipment(picklist_id: int, shipment_id: int):
    """Cancel a parcel within five minutes of making it (operator keys): its client is not mailed."""
    picklist = _operator_picklist(picklist_id)
    return present_shipment(rpc_client().orders.cancel_shipment(
        picklist["idfulfilment_customer"], picklist_id, shipment_id, f"API key {g.api_key['name']}"))


SHIPMENT_FILTERS = ("idorder", "idpicklist", "carrier_key", "sincedate", "untildate", "search")


@blueprint.get("/shipments")
def list_shipments():
    """Shipments, newest first, 100 a page: `?carrier_key=postnl&sincedate=2026-11-01&search=3SABC`;
    any other argument is refused. A key limited to some warehouses sees what was shipped from those."""
    refuse_unknown_arguments(*SHIPMENT_FILTERS)
    orders = rpc_client().orders
    filters = {name: request.args[name] for name in SHIPMENT_FILTERS if request.args.get(name)}
    rows = for_key_scope(orders.list_shipments, orders.list_shipments_of_all_customers, offset_argument(),
                         with_order_scope(filters))
    return [present_shipment(row) for row in rows]
