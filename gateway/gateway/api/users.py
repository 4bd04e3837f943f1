"""/api/v1/users: Picqer's users, here a client's portal users (read only; the operator manages
them under /fulfilment/customers/{id}/users). A customer key reads its own client's, and only
when its maker may manage users; an operator key names the client with `idfulfilment_customer`."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import is_operator, refuse_unknown_arguments, required_customer
from gateway.api.errors import ApiError
from gateway.api.picqer_format import with_picqer_times


def _customer_for_users() -> int:
    customer_id = required_customer(request.args.get("idfulfilment_customer"))
    if not is_operator() and "users" not in (g.api_key.get("permissions") or ()):
        raise ApiError(403, "This API key may not read users: it lacks the permission 'users'.")
    return customer_id


def present_user(user: dict) -> dict:
    return with_picqer_times(user, "last_login_at")


@blueprint.get("/users")
def list_users():
    refuse_unknown_arguments()
    return [present_user(user) for user in rpc_client().accounts.list_users(_customer_for_users())]


@blueprint.get("/users/<int:user_id>")
def get_user(user_id: int):
    return present_user(rpc_client().accounts.get_user(_customer_for_users(), user_id))
