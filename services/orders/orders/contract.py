"""The orders service's contract: its RPC methods and the events it publishes.

Written down once, here. The service's tests check that it serves exactly these methods; the
gateway's tests check that it calls only these. Times are ISO 8601 in UTC; money a decimal string.
"""
from orders import schemas

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "create_order": {
        "args": ["customer_id", "data: OrderInput", "source: portal|api|webshop", "created_by",
                 "idempotency_key=None"],
        "result": "{order: OrderOutput, created: bool} (created is false for a repeated create)",
    },
    "get_order": {"args": ["customer_id", "order_id"], "result": schemas.OrderOutput},
    "get_order_of_any_customer": {"args": ["order_id"], "result": "OrderOutput (operator only)"},
    "list_orders": {
        "args": ["customer_id", "offset=0", "filters=None: {status, source, search}"],
        "result": "list[OrderOutput], newest first, at most 100",
    },
    "list_orders_of_all_customers": {
        "args": ["offset=0", "filters=None"],
        "result": "list[OrderOutput], newest first, at most 100 (operator only)",
    },
    "cancel_order": {"args": ["customer_id", "order_id", "cancelled_by"], "result": schemas.OrderOutput},
}

EVENTS = {
    "order_created": schemas.OrderEventPayload,
    "order_cancelled": schemas.OrderEventPayload,
}

# What this service asks of others.
CALLS = {
    ("catalog", "find_products"): "to match order lines to the client's products",
}
