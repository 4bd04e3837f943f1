"""/api/v1/users: Picqer's users, here a client's portal users (read only; the operator manages
them under /fulfilment/customers/{id}/users). A customer key reads its own client's, and only
when its maker may manage users; an operator key names the client with `idfulfilment_customer`.

`/users/me` is who the key acts as: the portal user who made a customer key, or, for a key the
operator made (its own, or one it gave a client), the key itself in a user's shape (no `iduser`;
`apikey` says which key; its `rights` are what it may reach)."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import is_operator, refuse_unknown_arguments, required_customer
from gateway.api.errors import ApiError
from gateway.api.key_rights import SCOPE_OF_MODULE
from gateway.api.picqer_format import boolean_argument, offset_argument, with_picqer_times

PAGE = 100
# Picqer's user fields we keep nowhere: portal users have a username, no packing station or names.
UNKEPT = {"idpacking_station": None, "firstname": None, "lastname": None, "first_name": None, "last_name": None}


def _customer_for_users() -> int:
    customer_id = required_customer(request.args.get("idfulfilment_customer"))
    if not is_operator() and "users" not in (g.api_key.get("permissions") or ()):
        raise ApiError(403, "This API key may not read users: it lacks the permission 'users'.")
    return customer_id


def present_user(user: dict) -> dict:
    """A portal user as Picqer's user: `admin` when it may manage the client's users, `rights`
    its permissions; our own fields (permissions, scoping, alerts) stay beside them."""
    return {**with_picqer_times(user, "last_login_at", "created_at"), **UNKEPT,
            "admin": "users" in user.get("permissions", ()), "rights": list(user.get("permissions", ())),
            "apikey": None}


def present_key(key: dict) -> dict:
    """An API key no portal user made, described as the user it acts as."""
    if key["scope"] == "operator":
        rights = key["scopes"] or sorted(set(SCOPE_OF_MODULE.values()))
    else:
        rights = key.get("permissions") or []
    return {"iduser": None, "idfulfilment_customer": key["customer_id"], "username": key["name"],
            "emailaddress": None, "language": None, **UNKEPT, "admin": key["scope"] == "operator" and not key["scopes"],
            "active": True, "rights": rights, "last_login_at": None,
            "created_at": None,
            "apikey": {"idapikey": key["key_id"], "name": key["name"], "scope": key["scope"]}}


@blueprint.get("/users")
def list_users():
    """Picqer's `active` filter: `true` the active users only, `false` the inactive ones."""
    refuse_unknown_arguments("active")
    active, offset = boolean_argument("active"), offset_argument()
    users = [user for user in rpc_client().accounts.list_users(_customer_for_users())
             if active is None or user["active"] == active]
    return [present_user(user) for user in users[offset:offset + PAGE]]


@blueprint.get("/users/me")
def get_me():
    """The user this key acts as (`GET /api/v1/users/me`)."""
    refuse_unknown_arguments()
    maker = g.api_key.get("made_by_user_id")
    if maker is None:
        return present_key(g.api_key)
    return present_user(rpc_client().accounts.get_user(g.api_key["customer_id"], maker))


@blueprint.get("/users/<int:user_id>")
def get_user(user_id: int):
    return present_user(rpc_client().accounts.get_user(_customer_for_users(), user_id))
