"""/api/v1/fulfilment/customers: the operator manages fulfilment customers (Picqer's fields)."""
from flask import g

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import require_operator
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times


def _present(customer: dict) -> dict:
    return with_picqer_times(customer, "last_login_at")


@blueprint.get("/fulfilment/customers")
def list_customers():
    """List fulfilment customers, 100 a page: `GET /api/v1/fulfilment/customers?offset=100`."""
    require_operator()
    return [_present(c) for c in rpc_client().accounts.list_customers(offset_argument())]


@blueprint.get("/fulfilment/customers/<int:customer_id>")
def get_customer(customer_id: int):
    require_operator()
    return _present(rpc_client().accounts.get_customer(customer_id))


@blueprint.post("/fulfilment/customers")
def create_customer():
    """Create a customer; `can_login`, `username` and `password` make its first portal login.

    Example: `{"name": "Fulfilling Partners", "can_login": true, "username": "partners",
    "password": "ue73hjdf893", "language": "nl"}` → 201 with `idfulfilment_customer`.
    """
    require_operator()
    return _present(rpc_client().accounts.create_customer(json_body())), 201
