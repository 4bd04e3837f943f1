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
    "list_vat_groups": {"args": [], "result": "list[{idvatgroup, name, percentage: decimal string}] (Picqer's /vatgroups, "
                                                     "the same for every client)"},
    "create_product": {"args": ["customer_id", "data: ProductInput"], "result": schemas.ProductOutput},
    "update_product": {
        "args": ["customer_id", "product_id", "data: ProductInput, any subset; productcode only unchanged"],
        "result": schemas.ProductOutput,
    },
    "import_products": {
        "args": ["customer_id", "rows: list[{row: int, product: ProductInput}], at most 5000"],
        "result": "{created, updated, errors: list[{row, field, message}]}; nothing written when errors",
    },
    "get_product": {"args": ["customer_id", "product_id"], "result": schemas.ProductOutput},
    "get_product_of_any_customer": {
        "args": ["product_id"],
        "result": "ProductOutput (operator only)",
    },
    "list_products": {
        "args": ["customer_id", "offset=0", "search=None", "filters: ProductFilters=None"],
        "result": "list[ProductOutput], at most 100, by idproduct unless filters.sort says otherwise",
    },
    "list_products_of_all_customers": {
        "args": ["offset=0", "search=None", "filters: ProductFilters=None"],
        "result": "list[ProductOutput], at most 100 (operator only)",
    },
    "find_product_ids": {
        "args": ["customer_id", "productcodes"],
        "result": "{productcode: idproduct} of the customer's products among these codes",
    },
    "find_products": {
        "args": ["customer_id", "product_ids=()", "productcodes=()"],
        "result": "list[ProductOutput]: the customer's products among these ids and codes",
    },
    "count_products": {"args": ["customer_id"], "result": "int"},
    "count_low_stock_products": {
        "args": ["customer_id", "idwarehouses=None (a portal user's warehouses; None: all)"],
        "result": "int: active products whose free stock (in those warehouses) is below their minimum_stock",
    },
    "add_product_image": {
        "args": ["customer_id", "product_id", "image_base64: JPEG, PNG, WebP or GIF, at most 5 MB"],
        "result": schemas.ProductImageOutput,
    },
    "list_product_images": {"args": ["customer_id", "product_id"], "result": "list[ProductImageOutput]"},
    "list_first_product_images": {"args": ["customer_id", "product_ids: list (at most 100 read)"],
                                  "result": "{idproduct (as a string): idproduct_image of its first image}"},
    "get_product_image": {
        "args": ["customer_id", "image_id", "thumbnail=False"],
        "result": "{idproduct_image, idproduct, content_type, data: base64} (thumbnails are image/webp)",
    },
    "delete_product_image": {"args": ["customer_id", "image_id"], "result": "None"},
    "get_stock_level": {
        "args": ["customer_id", "product_id", "warehouse_id"],
        "result": schemas.StockLevelOutput,
    },
    "change_stock": {
        "args": ["customer_id", "product_id", "warehouse_id", "change", "reason", "changed_by=None"],
        "result": schemas.StockLevelOutput,
    },
    "set_stock": {
        "args": ["customer_id", "product_id", "warehouse_id", "amount", "reason", "changed_by=None"],
        "result": schemas.StockLevelOutput,
    },
    "receive_stock": {
        "args": ["customer_id", "product_id", "warehouse_id", "amount",
                 "reference: {type: receipt|return|transfer, id}; applied once per reference"],
        "result": schemas.StockLevelOutput,
    },
    "receive_stock_lines": {
        "args": ["customer_id", "warehouse_id", "reference: {type: receipt|return|transfer, id}",
                 "lines: [{idproduct, amount}], each product once, at most 5000",
                 "user_id=None (the portal user who received them: each movement's iduser)"],
        "result": "list[StockLevelOutput], one per line as asked: the level after it; in one transaction, one ledger "
                  "movement per line, applied once per reference and product (asking again changes nothing); "
                  "order lines waiting for the stock are served in that transaction, oldest first",
    },
    "list_stock_history": {
        "args": ["customer_id", "filters: StockHistoryFilters=None", "offset=0",
                 "before=None (keyset: the last idproduct_stock_history of the previous page)"],
        "result": "list[StockMovementOutput], at most 100, newest first",
    },
    "list_stock_history_of_all_customers": {
        "args": ["filters: StockHistoryFilters=None", "offset=0", "before=None"],
        "result": "list[StockMovementOutput], at most 100, newest first, of every customer (operator only)",
    },
    "get_stock_as_of": {
        "args": ["customer_id", "at: date or date and time (a bare date: the end of that day), UTC"],
        "result": "list[StockAsOfRow]: stock per product and warehouse then, valued at cost; zeros left out",
    },
    "get_stock_over_time": {
        "args": ["customer_id", "product_id", "filters=None: {days: 1-366 (90), idwarehouses (a portal user's)}"],
        "result": "[{date: YYYY-MM-DD, stock: int, value: decimal string}] for each of the last `days` days (UTC), "
                  "oldest first: the stock at the end of the day (summed over the warehouses) from the ledger, valued "
                  "at the cost price valid then; ProductNotFound for another client's product",
    },
    "reserve_order_lines": {
        "args": ["customer_id", "warehouse_id",
                 "lines: [{order_line_id, idproduct, amount: all the line wants}], at most 5000, oldest first"],
        "result": "list[ReservationOutput], one per line as asked: `amount` is what it holds now, the rest of "
                  "`wanted` waits and is served in turn as stock comes free (reservations_filled); "
                  "idempotent by order line",
    },
    "reserve_orders_lines": {
        "args": ["requests: [{customer_id, warehouse_id, lines: as reserve_order_lines}], 1 to 500 orders"],
        "result": "one per request, in the order asked: {reservations: as reserve_order_lines answers} or "
                  "{refused: {error: the exception's name, message}} (that order holds nothing; the others are "
                  "reserved); all in one transaction",
    },
    "release_order_lines": {
        "args": ["customer_id", "warehouse_id", "lines: [{order_line_id, idproduct}], at most 5000"],
        "result": "list[ReservationOutput], one per line: released (a line never reserved is recorded released, "
                  "so that a late claim holds nothing; a shipped line stays consumed); idempotent",
    },
    "get_order_line_reservations": {
        "args": ["customer_id", "order_line_ids: at most 5000"],
        "result": "list[ReservationOutput] of the lines catalog has heard of, for orders' reconciliation",
    },
    "consume_order_lines": {
        "args": ["customer_id", "warehouse_id", "picklist: {idpicklist, picklistid, reason: why units were not picked}",
                 "lines: [{order_line_id, idproduct, amount: put on the picklist, picked}], at most 5000"],
        "result": "list[ReservationOutput], one per line as asked: picked units shipped (`consumed`), units not "
                  "picked booked out and waited for again in turn (at once from free stock beside them); one "
                  "ledger movement per product referencing the picklist; applied once per picklist (a repeat "
                  "answers the lines as they stand)",
    },
}

EVENTS = {
    # one event of each per transaction, listing each product it created (or changed)
    "products_created": schemas.ProductsAnnouncedPayload,
    "products_updated": schemas.ProductsAnnouncedPayload,
    "stock_changed": schemas.StockChangedPayload,  # only when free stock rose (receipt, release, ...)
    # products' free stock over all warehouses changed (any way): one event per transaction,
    # listing each product it changed once, with its total after it
    "free_stock_changed": schemas.FreeStockChangedPayload,
    # waiting reservations got stock (in the transaction that freed it), oldest first
    "reservations_filled": schemas.ReservationsFilledPayload,
    # free stock over all warehouses went from at least the product's minimum to below it
    "stock_fell_below_minimum": schemas.StockFellBelowMinimumPayload,
}

# Events of other services that catalog handles, and the part of each payload it reads.
# What catalog asks of others (never inside a transaction).
CALLS = {
    ("accounts", "get_customer"): "a customer not announced yet (customer_created on its way) when its products "
                                  "are created",
}

CONSUMES = {
    ("accounts", "customer_created"): schemas.CustomerCreatedInput,
}
