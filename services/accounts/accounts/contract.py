"""The accounts service's contract: its RPC methods and the events it publishes.

Written down once, here. The service's tests check that every method exists and answers in
these shapes; the gateway's tests check that it calls only methods listed here.
Times are ISO 8601 in UTC.
"""
from accounts import schemas

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "create_customer": {"args": ["data: CustomerInput"], "result": schemas.CustomerOutput},
    "get_customer": {"args": ["customer_id"], "result": schemas.CustomerOutput},
    "list_customers": {"args": ["offset=0"], "result": "list[CustomerOutput], at most 100"},
    "find_customer_by_name": {"args": ["name"], "result": "CustomerOutput | None"},
    "authenticate_user": {"args": ["username", "password"], "result": schemas.SessionUser},
    "get_session_user": {
        "args": ["customer_id", "user_id", "session_version"],
        "result": schemas.SessionUser,
    },
    "create_api_key": {
        "args": ["scope", "customer_id", "name", "key=None"],
        "result": "ApiKeyIdentity + {key}",
    },
    "authenticate_api_key": {"args": ["key"], "result": schemas.ApiKeyIdentity},
}

EVENTS = {
    "customer_created": schemas.CustomerCreatedPayload,
}
