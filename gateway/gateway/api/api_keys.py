"""/api/v1/fulfilment/apikeys: the operator reads its own keys and its clients' (never the key
itself: that is shown once, where it is made) and gives any of them a rate limit of its own.
Picqer has no such route; the operator has no portal, and `python -m accounts.operator_keys`
needs a shell where accounts runs. A change counts on every gateway worker within
API_KEY_CACHE_SECONDS (each keeps a key it verified that long)."""
from flask import current_app, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import customer_from_key_or, refuse_unknown_arguments, require_operator
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, with_picqer_times

FIELDS = ("scope", "name", "scopes", "rate_limit", "created_at", "revoked_at")


def present_api_key(key: dict) -> dict:
    """`rate_limit` null: the gateway's default (`rate_limit_default`) applies."""
    return with_picqer_times({"idapikey": key["key_id"], "idfulfilment_customer": key["customer_id"],
                              **{field: key[field] for field in FIELDS},
                              "rate_limit_default": current_app.config["RATE_LIMIT_PER_MINUTE"]},
                             "created_at", "revoked_at")


@blueprint.get("/fulfilment/apikeys")
def list_api_keys():
    """The operator's own keys, or a client's with `?idfulfilment_customer=3`; revoked ones too."""
    require_operator()
    refuse_unknown_arguments()
    customer_id = customer_from_key_or(request.args.get("idfulfilment_customer"))
    accounts = rpc_client().accounts
    keys = accounts.list_operator_api_keys() if customer_id is None else accounts.list_api_keys(customer_id)
    return [present_api_key(key) for key in keys]


@blueprint.put("/fulfilment/apikeys/<int:key_id>")
def update_api_key(key_id: int):
    """A key's own requests a minute: `{"rate_limit": 2000}`; `{"rate_limit": null}` gives it
    the default again. A whole number from 1 to 1,000,000."""
    require_operator()
    body = json_body()
    if set(body) != {"rate_limit"}:
        unknown = sorted(set(body) - {"rate_limit"})
        raise ApiError(400, f"{unknown[0]}: Unknown field." if unknown else "rate_limit: Missing data for required field.")
    return present_api_key(rpc_client().accounts.set_api_key_rate_limit(key_id, body["rate_limit"]))
