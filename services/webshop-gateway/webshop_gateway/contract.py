"""The webshop_gateway service's contract: its RPC methods and the events it publishes.

Written down once, here. The service's tests check that it serves exactly these methods; the
gateway's tests check that it calls only these. Times are ISO 8601 in UTC.
"""
from webshop_gateway import schemas

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "link_webshop": {
        "args": ["customer_id", "data: WebshopInput {platform: woocommerce|shopify|json, name, url, and its "
                 "credentials: consumer_key + consumer_secret (woocommerce), access_token (shopify, json)}",
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
}

EVENTS: dict = {}
