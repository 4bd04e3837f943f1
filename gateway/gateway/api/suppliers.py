"""/api/v1/suppliers: each client's own suppliers, which its purchase orders name."""
from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import customer_from_key_or, required_customer
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times
from flask import request


def _present(supplier: dict) -> dict:
    return with_picqer_times(supplier, "created", "updated")


def _customer() -> int:
    """Suppliers are always one client's: an operator key names it (`?idfulfilment_customer=`)."""
    customer_id = customer_from_key_or(request.args.get("idfulfilment_customer"))
    if customer_id is None:
        raise ApiError(400, "idfulfilment_customer: required with an operator API key.")
    return customer_id


@blueprint.get("/suppliers")
def list_suppliers():
    """The client's suppliers by name, 100 a page."""
    return [_present(row) for row in rpc_client().purchasing.list_suppliers(_customer(), offset_argument())]


@blueprint.post("/suppliers")
def create_supplier():
    """`{"name": "Hanse Textiel", "contactname": "Jan", "emailaddress": "orders@hanse.example"}`;
    an operator key adds `"idfulfilment_customer": 4`."""
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    return _present(rpc_client().purchasing.create_supplier(customer_id, body)), 201


@blueprint.get("/suppliers/<int:supplier_id>")
def get_supplier(supplier_id: int):
    return _present(rpc_client().purchasing.get_supplier(_customer(), supplier_id))


@blueprint.put("/suppliers/<int:supplier_id>")
def update_supplier(supplier_id: int):
    return _present(rpc_client().purchasing.update_supplier(_customer(), supplier_id, json_body()))
