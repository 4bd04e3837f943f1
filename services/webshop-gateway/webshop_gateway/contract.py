"""The webshop_gateway service's contract: its RPC methods and the events it publishes.

Written down once, here. The service's tests check that it serves exactly these methods; the
gateway's tests check that it calls only these. Times are ISO 8601 in UTC.
"""
from webshop_gateway import schemas

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "link_webshop": {
        "args": ["customer_id", "data: WebshopInput {platform: woocommerce|shopify|json, name, url, and its "
                 "credentials: consumer_key + consumer_secret (woocommerce), access_token (shopify, json); "
                 "push_stock (optional: stock push switched on from the start)}",
                 "created_by"],
        "result": "WebshopOutput (the credentials are stored encrypted and never given back); InvalidWebshop names "
                  "the bad field; CredentialsKeyMissing when the service has no WEBSHOP_CREDENTIALS_KEY",
    },
    "unlink_webshop": {"args": ["customer_id", "webshop_id", "removed_by"],
                       "result": "WebshopOutput; its credentials are forgotten and it is no longer listed"},
    "get_webshop": {"args": ["customer_id", "webshop_id"], "result": schemas.WebshopOutput},
    "get_webshop_of_any_customer": {"args": ["webshop_id"], "result": "WebshopOutput (operator only)"},
    "list_webshops": {"args": ["customer_id", "idwebshops=None (a portal user's webshops; None: all)"],
                      "result": "list[WebshopOutput], oldest first"},
    "list_webshops_of_all_customers": {"args": ["offset=0"],
                                       "result": "list[WebshopOutput], oldest first, at most 100 (operator only)"},
    "list_seen_orders": {
        "args": ["customer_id", "webshop_id", "offset=0", "outcome=None: pending|imported|skipped|failed"],
        "result": "list[SeenOrderOutput]: every order the shop sent, once, newest first, at most 100; "
                  "WebshopNotFound for another client's shop",
    },
    "retry_seen_order": {
        "args": ["customer_id", "webshop_id", "seen_order_id"],
        "result": "SeenOrderOutput: a failed order asked of the shop again (as it was sent, if the shop does not "
                  "answer) and of orders; imported, or failed again with the reason; InvalidWebshop for one that "
                  "did not fail; SeenOrderNotFound for one of another shop or client",
    },
    "receive_webhook": {
        "args": ["webhook_token: from the address the shop posts to", "headers: {name: value} as the shop sent them",
                 "body_base64: the raw body"],
        "result": "{received: 'order'|'ping'|'ignored', external_id}: a signed order is seen (and imported by the "
                  "timer within a second); WebhookRefused when the signature does not match the shop's webhook "
                  "secret (noted on the shop), WebhookUnreadable for a body that is no order, WebshopNotFound for "
                  "an unknown address",
    },
    "list_shop_updates": {
        "args": ["customer_id", "webshop_id", "offset=0"],
        "result": "list[ShopUpdateOutput]: what went (or goes) back to the shop per shipment of its orders, newest "
                  "first, at most 100: waiting, sending, sent, failed (with the reason to act on) or cancelled; "
                  "WebshopNotFound for another client's shop",
    },
    "retry_shop_update": {
        "args": ["customer_id", "webshop_id", "shop_update_id"],
        "result": "ShopUpdateOutput: a failed update waiting again, to be sent at once (its last_error kept until "
                  "it is sent); one not failed answered as it is (asking twice sends once); "
                  "ShopUpdateNotRetryable for a cancelled one (its parcel was withdrawn); ShopUpdateNotFound for one "
                  "of another shop or client; WebshopNotFound",
    },
    "test_webshop_connection": {
        "args": ["customer_id", "webshop_id", "webhook_url: the shop's webhook address as the gateway shows it",
                 "tested_by"],
        "result": "ConnectionTestOutput: each check of connection_test.CHECKS passed|failed|not_applicable with "
                  "the shop's answer (detail) and values to word it by; kept with its date; WebshopNotFound",
    },
    "get_last_connection_test": {"args": ["customer_id", "webshop_id"],
                                 "result": "ConnectionTestOutput of the newest test, or None; WebshopNotFound"},
    "get_sync_health": {
        "args": ["customer_id", "webshop_id"],
        "result": "{idwebshop, last_success, last_poll, next_poll, last_error, failing, failures_in_a_row, "
                  "failures_last_day, alerted (when the client was emailed, while failing), pending_outbound: "
                  "{tracking: n, ...}, pending_outbound_total}; WebshopNotFound",
    },
    "set_stock_push": {
        "args": ["customer_id", "webshop_id", "enabled: bool"],
        "result": "WebshopOutput with push_stock (only WooCommerce and Shopify shops take stock; a JSON shop stays "
                  "off); WebshopNotFound",
    },
    "get_stock_reconciliation": {
        "args": ["customer_id", "webshop_id", "offset=0"],
        "result": "{idwebshop, offset, rows: [{idproduct, productcode, name, freestock, shop_stock, difference (the "
                  "shop's minus ours), status: same|differs|not_in_shop|not_tracked|unknown}], shop_error, differences, "
                  "more}: a page of 100 of the client's products read live from catalog and the shop; WebshopNotFound",
    },
}

EVENTS = {
    # The sync of a shop has failed WEBSHOP_SYNC_ALERT_AFTER_FAILURES polls in a row: once per failing spell
    # (again only after a poll succeeded). accounts emails the client.
    "webshop_sync_failed": schemas.WebshopSyncFailedPayload,
}

# Events of other services that webshop_gateway handles, and the part it reads: a shipment of an order a
# shop sent goes back to that shop (webshop_gateway.shop_updates).
CONSUMES = {
    ("orders", "order_shipped"): schemas.ShipmentEventInput,
    ("orders", "shipment_cancelled"): schemas.ShipmentEventInput,
    ("catalog", "free_stock_changed"): schemas.FreeStockChangedInput,
}

# What this service asks of others (never inside a transaction).
CALLS = {
    ("catalog", "find_products"): "the free stock of the products to push, asked when they are sent",
    ("catalog", "list_products"): "a page of the client's products with their free stock, for the reconciliation",
    ("orders", "create_order"): "one order per shop order, idempotent by 'webshop:<idwebshop>:<the shop's id>'",
}
