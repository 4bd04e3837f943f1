"""Who is calling: every request carries an API key as the HTTP Basic user name.

An operator key acts for every customer and names one with `idfulfilment_customer`; a customer
key acts only for its own customer. The customer is never taken from the request for a
customer key.
"""
from flask import current_app, g, request
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.errors import ApiError
from gateway.api.idempotency import keep_answer, replay_or_claim
from gateway.api.picqer_format import read_json_body
from gateway.api.rate_limits import count_request
from gateway.input_guards import whole_number


@blueprint.before_request
def authenticate():
    credentials = request.authorization
    key = credentials.username if credentials and credentials.type == "basic" else None
    if not key:
        raise ApiError(401, "Authentication required: use HTTP Basic auth with your API key as user name.")
    try:
        g.api_key = current_app.extensions["verified_api_keys"].identity(key, rpc_client().accounts.authenticate_api_key)
    except RemoteError as error:
        if error.exc_type == "InvalidApiKey":
            raise ApiError(401, "Invalid API key.") from None
        raise


# After authenticate: an unknown caller hears 401 first, and each request of a key counts, even
# one whose body is refused.
blueprint.before_request(count_request)
blueprint.before_request(read_json_body)
blueprint.before_request(replay_or_claim)
blueprint.after_request(keep_answer)


def is_operator() -> bool:
    return g.api_key["scope"] == "operator"


def require_operator() -> None:
    if not is_operator():
        raise ApiError(403, "This resource needs an operator API key.")


def customer_from_key_or(requested) -> int | None:
    """The customer this request acts for.

    Customer keys: always the key's own customer; naming another one is refused.
    Operator keys: `requested` (from `idfulfilment_customer`), or None for "all customers".
    """
    if requested in ("", None):
        return None if is_operator() else g.api_key["customer_id"]
    if not (isinstance(requested, int) and not isinstance(requested, bool)):
        requested = whole_number(requested) if isinstance(requested, str) else None
    if requested is None:
        raise ApiError(400, "idfulfilment_customer: must be a whole number.")
    if not is_operator() and requested != g.api_key["customer_id"]:
        raise ApiError(403, "This API key acts only for its own fulfilment customer.")
    return requested


def required_customer(requested) -> int:
    customer_id = customer_from_key_or(requested)
    if customer_id is None:
        raise ApiError(400, "idfulfilment_customer: required with an operator API key.")
    return customer_id


def for_key_scope(for_customer, for_any_customer, *args):
    """`for_customer(customer_id, *args)` for the customer this request acts for, or
    `for_any_customer(*args)` when an operator key names none (`?idfulfilment_customer=`)."""
    customer_id = customer_from_key_or(request.args.get("idfulfilment_customer"))
    if customer_id is None:
        return for_any_customer(*args)
    return for_customer(customer_id, *args)


def refuse_unknown_arguments(*known: str) -> None:
    """A filter this list does not apply is refused, never ignored: a client filtering on it
    would take every row as its match. The customer named is checked first: naming another
    client's is a 403 whatever else the request says."""
    customer_from_key_or(request.args.get("idfulfilment_customer"))
    for name in request.args:
        if name not in known and name not in ("offset", "idfulfilment_customer"):
            raise ApiError(400, f"{name}: not a filter of this list; it takes {', '.join(sorted(known))}.")
