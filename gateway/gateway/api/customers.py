"""/api/v1/fulfilment/customers: the operator manages fulfilment customers (Picqer's fields)
and their portal users (`/fulfilment/customers/{id}/users`, our addition)."""
from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import require_operator
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times

# Fields naming warehouses. accounts keeps no warehouses (catalog owns them and publishes no
# warehouse events), so the gateway checks the ids against catalog's list before saving.
WAREHOUSE_FIELDS = ("preferred_idwarehouse", "idwarehouse_purchaseorders")


def _present(row: dict) -> dict:
    return with_picqer_times(row, "last_login_at", "created_at")


def check_warehouses(body: dict, single_fields=WAREHOUSE_FIELDS, list_field: str | None = None) -> dict:
    """Refuse warehouse ids the catalog does not know, naming the field (400)."""
    named = {field: [body[field]] for field in single_fields if isinstance(body.get(field), int)}
    if list_field and isinstance(body.get(list_field), list):
        named[list_field] = [i for i in body[list_field] if isinstance(i, int)]
    if not any(named.values()):
        return body
    known = {w["idwarehouse"] for w in rpc_client().catalog.list_warehouses()}
    for field, ids in named.items():
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise ApiError(400, f"{field}: Unknown warehouse {unknown[0]}.")
    return body


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
    return _present(rpc_client().accounts.create_customer(check_warehouses(json_body()))), 201


@blueprint.put("/fulfilment/customers/<int:customer_id>")
def update_customer(customer_id: int):
    """Change the fields given: `{"name": "Fulfilling Partners BV"}` → 200 with the customer.
    `"can_login": false` locks the customer's users out at once."""
    require_operator()
    return _present(rpc_client().accounts.update_customer(customer_id, check_warehouses(json_body())))


@blueprint.get("/fulfilment/customers/<int:customer_id>/users")
def list_customer_users(customer_id: int):
    require_operator()
    return [_present(u) for u in rpc_client().accounts.list_users(customer_id)]


@blueprint.post("/fulfilment/customers/<int:customer_id>/users")
def create_customer_user(customer_id: int):
    """Add a portal user: `{"username": "bram", "emailaddress": "bram@example.com",
    "permissions": ["ordering", "returns"]}` → 201; without `password` an invite is emailed."""
    require_operator()
    body = check_warehouses(json_body(), (), "idwarehouses")
    return _present(rpc_client().accounts.create_user(customer_id, body)), 201


@blueprint.get("/fulfilment/customers/<int:customer_id>/users/<int:user_id>")
def get_customer_user(customer_id: int, user_id: int):
    require_operator()
    return _present(rpc_client().accounts.get_user(customer_id, user_id))


@blueprint.put("/fulfilment/customers/<int:customer_id>/users/<int:user_id>")
def update_customer_user(customer_id: int, user_id: int):
    """Change permissions, scoping, `active`, …: `{"permissions": ["ordering"], "active": false}`."""
    require_operator()
    body = check_warehouses(json_body(), (), "idwarehouses")
    return _present(rpc_client().accounts.update_user(customer_id, user_id, body))
