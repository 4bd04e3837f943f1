"""The catalog service's contract: its RPC methods, the events it publishes and those it consumes.

Written down once, here. The service's tests check that every method exists and answers in
these shapes; the gateway's tests check that it calls only methods listed here.
Money is a decimal string ("12.50"), quantities integers, times ISO 8601 in UTC.
"""
from catalog import schemas

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "create_warehouse": {"args": ["name"], "result": schemas.WarehouseOutput},
    "list_warehouses": {"args": [], "result": "list[WarehouseOutput]"},
    "create_product": {"args": ["customer_id", "data: ProductInput"], "result": schemas.ProductOutput},
    "get_product": {"args": ["customer_id", "product_id"], "result": schemas.ProductOutput},
    "get_product_of_any_customer": {
        "args": ["product_id"],
        "result": "ProductOutput (operator only)",
    },
    "list_products": {
        "args": ["customer_id", "offset=0", "search=None"],
        "result": "list[ProductOutput], at most 100, by idproduct",
    },
    "list_products_of_all_customers": {
        "args": ["offset=0"],
        "result": "list[ProductOutput], at most 100, by idproduct (operator only)",
    },
    "find_products": {
        "args": ["customer_id", "product_ids=()", "productcodes=()"],
        "result": "list[ProductOutput]: the customer's products among these ids and codes",
    },
    "count_products": {"args": ["customer_id"], "result": "int"},
    "change_stock": {
        "args": ["customer_id", "product_id", "warehouse_id", "change", "reason"],
        "result": schemas.StockLevelOutput,
    },
}

EVENTS = {
    "product_created": schemas.ProductCreatedPayload,
    "stock_changed": schemas.StockChangedPayload,  # only when free stock rose
}

# Events of other services that catalog handles, and the part of each payload it reads.
CONSUMES = {
    ("accounts", "customer_created"): schemas.CustomerCreatedInput,
}
