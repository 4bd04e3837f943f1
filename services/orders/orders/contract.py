"""The orders service's contract: its RPC methods and the events it publishes.

Written down once, here. The service's tests check that it serves exactly these methods; the
gateway's tests check that it calls only these. Times are ISO 8601 in UTC; money a decimal string.
"""
from orders import schemas

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "create_order": {
        "args": ["customer_id", "data: OrderInput (idshippingprovider_profile: a profile the client may use, else "
                 "InvalidOrder)", "source: portal|api|webshop", "created_by",
                 "idempotency_key=None",
                 "from_webshop_id=None: the linked webshop a webshop order came from (webshop_gateway, which owns "
                 "shops, names it; orders records it)"],
        "result": "{order: OrderOutput, created: bool} (created is false for a repeated create); "
                  "processed at once in the preferred warehouse if the client's rules say so, answered before "
                  "catalog reserves its stock (stock_reservation 'asked'; the allocator asks for it in a batch "
                  "right after, and orders_processed with orders_allocated or orders_backordered list it)",
    },
    "get_order": {"args": ["customer_id", "order_id"], "result": schemas.OrderOutput},
    "get_order_of_any_customer": {"args": ["order_id"], "result": "OrderOutput (operator only)"},
    "list_orders": {
        "args": ["customer_id", "offset=0",
                 "filters=None: {status, source, search, tag, created_from, created_until (YYYY-MM-DD or a "
                 "time), updated_since, sinceid, orderid, reference, "
                 "idwarehouses (processed in these, or not yet processed), idwebshops (from these shops, or "
                 "from none)}"],
        "result": "list[OrderOutput], newest first, at most 100",
    },
    "list_orders_of_all_customers": {
        "args": ["offset=0", "filters=None"],
        "result": "list[OrderOutput], newest first, at most 100 (operator only)",
    },
    "cancel_order": {
        "args": ["customer_id", "order_id", "cancelled_by",
                 "by_warehouse=False: true for the operator, who may cancel until picking starts whatever the client's rule"],
        "result": "OrderOutput; its reserved stock is released (stock_reservation 'release asked' until catalog "
                  "confirmed) and its backorders dropped (refused with "
                  "OrderLocked once the order reached the client's changes_allowed_until status; with "
                  "by_warehouse, once picking has started)",
    },
    "change_delivery_address": {
        "args": ["customer_id", "order_id", "address: DeliveryAddressInput (only the fields named change)", "changed_by",
                 "by_warehouse=False: true for the operator, who may readdress until picking starts whatever the client's rule"],
        "result": "OrderOutput (refused with OrderLocked once the order reached the client's "
                  "changes_allowed_until status; with by_warehouse, once picking has started)",
    },
    "update_order": {
        "args": ["customer_id", "order_id", "data: OrderChangeInput (the delivery address and Picqer's contact and "
                 "invoice fields; only the fields named change)", "changed_by",
                 "by_warehouse=False: true for the operator (until picking starts whatever the client's rule)"],
        "result": "OrderOutput (refused with OrderLocked as change_delivery_address)",
    },
    "list_tags": {"args": ["customer_id", "offset=0"], "result": "list[TagOutput], 100 a page, oldest first"},
    "list_tags_of_all_customers": {"args": ["offset=0"], "result": "list[TagOutput] (operator)"},
    "get_tag": {"args": ["customer_id", "tag_id"], "result": schemas.TagOutput, "errors": "TagNotFound"},
    "get_tag_of_any_customer": {"args": ["tag_id"], "result": schemas.TagOutput, "errors": "TagNotFound"},
    "create_tag": {"args": ["customer_id", "data: TagInput"], "result": schemas.TagOutput,
                   "errors": "DuplicateTagTitle (a title the client has already, whatever its case)"},
    "update_tag": {"args": ["customer_id", "tag_id", "data: TagInput, only the fields named change"],
                   "result": schemas.TagOutput,
                   "errors": "TagNotFound, DuplicateTagTitle (another of the client's tags has the title)"},
    "delete_tag": {"args": ["customer_id", "tag_id", "changed_by"], "result": "None",
                   "notes": "taken off every order of the client that carried it, a step in each one's history"},
    "list_order_tags": {"args": ["customer_id", "order_id"], "result": "list[TagOutput]"},
    "add_order_tag": {"args": ["customer_id", "order_id", "tag_id", "changed_by"], "result": "list[TagOutput]",
                      "errors": "InvalidOrder (idtag not a number), TagNotFound (not one of the client's tags)"},
    "remove_order_tag": {"args": ["customer_id", "order_id", "tag_id", "changed_by"], "result": "None",
                         "errors": "TagNotFound (not the client's, or not on the order)"},
    "add_order_comment": {"args": ["customer_id", "order_id", "body", "author"], "result": "OrderOutput"},
    "set_order_tags": {
        "args": ["customer_id", "order_id", "tags: list[str] of titles, at most 20 (or the order's own Picqer-shaped "
                 "tags, an object keyed by title)", "changed_by"],
        "result": "OrderOutput",
    },
    "process_order": {
        "args": ["customer_id", "order_id", "warehouse_id", "processed_by"],
        "result": "OrderOutput: processing, each line allocated in the warehouse, the rest backordered "
                  "(stock_reservation 'asked' while catalog has not answered: the system asks again); "
                  "WarehouseNotFound or ProductNotFound when catalog refuses, and the order stays a concept",
    },
    "get_current_order": {
        "args": ["customer_id", "user_id", "offset=0 (lines, 100 a page)"],
        "result": "{details: OrderDetailsInput so far, version, lines: [{idproduct, amount, productcode, name, "
                  "price, freestock, available}] (100 from offset, in the order added), line_count, offset, "
                  "totals: {items: pieces on every line, total: decimal string, their sum at the known prices}}",
    },
    "count_current_order_lines": {"args": ["customer_id", "user_id"], "result": "{amounts: {idproduct: amount}}"},
    "set_current_order_line": {
        "args": ["customer_id", "user_id", "product_id", "amount: 0 takes the line out"],
        "result": "{amounts: {idproduct: amount}}",
    },
    "import_current_order_lines": {
        "args": ["customer_id", "user_id", "rows: [{row, productcode, amount}], at most 10,000"],
        "result": "{imported: n, errors: [{row, field, message}]}: all rows or none",
    },
    "update_current_order": {
        "args": ["customer_id", "user_id", "details: OrderDetailsInput, any subset"],
        "result": "{details, version}",
    },
    "place_current_order": {
        "args": ["customer_id", "user_id", "version: the version the user saw", "created_by"],
        "result": "OrderOutput (the same order again for a repeated version); processed at once in the "
                  "preferred warehouse if the client's rules say so",
    },
    "list_picklists": {
        "args": ["customer_id", "offset=0",
                 "filters=None: {idorder, status: new|closed|cancelled, idwarehouse, sincedate (YYYY-MM-DD), "
                 "idwarehouses (a portal user's)}"],
        "result": "list[PicklistOutput], newest first, at most 100",
    },
    "list_picklists_of_all_customers": {
        "args": ["offset=0", "filters=None"],
        "result": "list[PicklistOutput], newest first, at most 100 (operator only)",
    },
    "get_picklist": {"args": ["customer_id", "picklist_id"], "result": schemas.PicklistOutput},
    "get_picklist_of_any_customer": {"args": ["picklist_id"], "result": "PicklistOutput (operator only)"},
    "pick_picklist_product": {
        "args": ["customer_id", "picklist_id", "product: idproduct or productcode",
                 "amount: picked now (None: all of it that is left)", "picked_by"],
        "result": "PicklistOutput; the first pick starts the order's picking (the client can no longer change "
                  "or cancel it); InvalidPicklist for more than is on it, a product not on it, a picklist not new",
    },
    "pick_all_picklist_products": {"args": ["customer_id", "picklist_id", "picked_by"], "result": "PicklistOutput"},
    "close_picklist": {
        "args": ["customer_id", "picklist_id", "closed_by", "reason=None: why what was not picked was not"],
        "result": "PicklistOutput, closed: picked units ship (catalog takes them off the shelf, one ledger movement "
                  "per product referencing the picklist; stock_consumption 'asked' until catalog answered, the "
                  "system asks again), units not picked wait again as backorders with the reason; stock a line "
                  "holds and that is on no picklist goes on a new one; the order is completed once every picklist "
                  "is closed and nothing waits. Closing again answers it as it is; InvalidPicklist when nothing is "
                  "picked or the picklist is cancelled",
    },
    "create_shipment": {
        "args": ["customer_id", "picklist_id",
                 "data: ShipmentInput {idshippingprovider_profile (None: the order's), weight (grams), trackingcode, "
                 "trackingurl (None: made from the provider's pattern)}", "created_by"],
        "result": "ShipmentOutput (order_shipped published); InvalidShipment for a cancelled picklist, one with "
                  "nothing picked, no profile, or one the client may not use",
    },
    "cancel_shipment": {
        "args": ["customer_id", "picklist_id", "shipment_id", "cancelled_by"],
        "result": "ShipmentOutput, cancelled (again: as it is); shipment_cancelled published; InvalidShipment once its cancellable_until has passed",
    },
    "list_picklist_shipments": {"args": ["customer_id", "picklist_id"], "result": "list[ShipmentOutput], oldest first"},
    "list_shipments": {
        "args": ["customer_id", "offset=0",
                 "filters=None: {idorder, idpicklist, carrier_key, sincedate, untildate (YYYY-MM-DD), search (track & "
                 "trace code or order reference), idwarehouses, idwebshops (a portal user's)}"],
        "result": "list[ShipmentOutput], newest first, at most 100",
    },
    "list_shipments_of_all_customers": {"args": ["offset=0", "filters=None"],
                                        "result": "list[ShipmentOutput], newest first, at most 100 (operator only)"},
    "register_return": {
        "args": ["customer_id", "data: ReturnInput {idorder, reference, tracking_code, returned_products: [{idorder_product "
                 "| idproduct | productcode, amount, reason}], replacement_products: [{idproduct | productcode, amount}]}",
                 "created_by", "idempotency_key=None (again: the return made before)"],
        "result": "ReturnOutput, announced (return_status_changed published); InvalidReturn for more than was shipped "
                  "(less what other returns hold), a product not on the order, another client's or a missing order",
    },
    "change_return_status": {
        "args": ["customer_id", "return_id", "status: received|completed|rejected", "changed_by", "note=None",
                 "damaged=None: [{idreturn_product, amount}] received damaged (not restocked)"],
        "result": "ReturnOutput (return_status_changed published; the same status again: as it is); InvalidReturn for a "
                  "step out of order. Receiving restocks the undamaged units in the order's warehouse through catalog "
                  "(restock 'asked' until catalog confirmed; the system asks again). Completing places the replacement products as a new order (idorder_replacement), "
                  "reserved as any placed order",
    },
    "get_return": {"args": ["customer_id", "return_id"], "result": schemas.ReturnOutput},
    "get_return_of_any_customer": {"args": ["return_id"], "result": "ReturnOutput (operator only)"},
    "list_returns": {"args": ["customer_id", "offset=0", "filters=None: {idorder, status}"],
                     "result": "list[ReturnOutput], newest first, at most 100"},
    "list_returns_of_all_customers": {"args": ["offset=0", "filters=None"],
                                      "result": "list[ReturnOutput], newest first, at most 100 (operator only)"},
    "list_shipping_providers": {"args": [], "result": "list[ShippingProviderOutput] with every profile (operator only)"},
    "list_shipping_providers_for_customer": {
        "args": ["customer_id"],
        "result": "list[ShippingProviderOutput]: the active ones, with the active profiles the client may use "
                  "(its allowed_shipping_profiles; none listed: all); a provider with none of them left out",
    },
    "create_shipping_provider": {
        "args": ["data: ShippingProviderInput {name, carrier_key: postnl|dhl|dpd|ups|gls|bpost, public_providername, "
                 "tracktraceurl_pattern with {trackingcode}, active, profiles: [{name, active}]}"],
        "result": "ShippingProviderOutput (operator only); InvalidShippingProvider names the bad field",
    },
    "update_shipping_provider": {"args": ["provider_id", "data: ShippingProviderInput, any subset but profiles"],
                                 "result": "ShippingProviderOutput (operator only)"},
    "add_shipping_profile": {"args": ["provider_id", "data: {name, active}"],
                             "result": "ShippingProviderOutput with the new profile (operator only)"},
    "update_shipping_profile": {"args": ["provider_id", "profile_id", "data: {name, active}, any subset"],
                                "result": "ShippingProviderOutput (operator only)"},
    "get_order_rules": {
        "args": ["customer_id"],
        "result": schemas.OrderRulesOutput,
        "notes": "as accounts last announced them; the defaults for a customer not heard of",
    },
    "list_backorders": {
        "args": ["customer_id", "offset=0",
                 "filters=None: {idbackorder, idproduct, idorder, idwarehouses, idwebshops (a portal user's)}"],
        "result": "list[BackorderOutput], oldest first (the order they are filled in), at most 100",
    },
    "count_backordered_orders": {"args": ["customer_id", "idwarehouses=None (a portal user's warehouses; None: all)"],
                                 "result": "int: orders with a line waiting for stock"},
    "summarize_orders": {
        "args": ["customer_id", "filters=None: {idwarehouses (a portal user's: processed there or not yet processed), "
                 "days: 1-366 (30), timezone: an IANA name whose days are counted (UTC)}"],
        "result": "{statuses: {concept, processing, picking, completed, cancelled: int} (processing without picking), "
                  "per_day: [{date: YYYY-MM-DD, orders: int}] for each of the last `days` days (in `timezone`) oldest first, "
                  "returns: {announced, received, completed, rejected: int} (all the client's)}",
    },
    "list_backorders_of_all_customers": {
        "args": ["offset=0", "filters=None"],
        "result": "list[BackorderOutput], oldest first, at most 100 (operator only)",
    },
}

EVENTS = {
    "order_created": schemas.OrderEventPayload,
    "order_cancelled": schemas.OrderEventPayload,
    "order_updated": schemas.OrderEventPayload,  # delivery address changed
    # One of each per transaction, listing every order it recorded so (an allocator's batch, a receipt's fill):
    "orders_processed": schemas.OrdersEventPayload,  # catalog's first answer recorded
    "orders_allocated": schemas.OrdersEventPayload,  # every line fully reserved
    "orders_backordered": schemas.OrdersEventPayload,  # processed, but lines wait for stock (their `backordered`)
    "order_completed": schemas.OrderEventPayload,  # every picklist closed, nothing held or waiting
    "picklist_closed": schemas.PicklistEventPayload,  # the warehouse closed it (catalog ships it next)
    "backorder_filled": schemas.BackorderFilledPayload,
    # A parcel left: its track & trace, products, from_backorder, and until when it may be cancelled.
    "order_shipped": schemas.ShipmentEventPayload,
    "shipment_cancelled": schemas.ShipmentEventPayload,  # within its cancel window: it did not leave after all
    "return_status_changed": schemas.ReturnEventPayload,  # announced, received, completed or rejected
}

# What this service asks of others (never inside a transaction), and the events of others it handles.
CALLS = {
    ("catalog", "find_products"): "products not heard of yet (placing), and free stock for the current order",
    ("catalog", "find_product_ids"): "to match imported lines by product code",
    ("catalog", "reserve_orders_lines"): "the allocator: new orders' lines, every order waiting in one call",
    ("catalog", "reserve_order_lines"): "to allocate all lines of an order in one call (idempotent by order line)",
    ("catalog", "release_order_lines"): "to give a cancelled order's stock back",
    ("catalog", "get_order_line_reservations"): "the reconciliation: what catalog holds for waiting lines",
    ("catalog", "consume_order_lines"): "to ship a closed picklist's lines (idempotent by picklist)",
    ("catalog", "receive_stock_lines"): "to restock a received return (idempotent by return and product)",
}
CONSUMES = {
    ("accounts", "customer_created"): schemas.CustomerAnnouncedInput,
    ("accounts", "customer_updated"): schemas.CustomerAnnouncedInput,
    ("catalog", "products_created"): schemas.ProductsAnnouncedInput,
    ("catalog", "products_updated"): schemas.ProductsAnnouncedInput,
    ("catalog", "reservations_filled"): schemas.ReservationsFilledInput,
}
