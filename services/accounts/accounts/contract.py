"""The accounts service's contract: its RPC methods and the events it publishes.

Written down once, here. The service's tests check that every method exists and answers in
these shapes; the gateway's tests check that it calls only methods listed here.
Times are ISO 8601 in UTC.
"""
from accounts import schemas

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "create_customer": {"args": ["data: CustomerInput"], "result": schemas.CustomerOutput},
    "update_customer": {
        "args": ["customer_id", "data: partial CustomerInput"],
        "result": schemas.CustomerOutput,
        "notes": "operator only; a new password or can_login false ends sessions",
    },
    "get_customer": {"args": ["customer_id"], "result": schemas.CustomerOutput},
    "list_customers": {"args": ["offset=0"], "result": "list[CustomerOutput], at most 100"},
    "find_customer_by_name": {"args": ["name"], "result": "CustomerOutput | None"},
    "authenticate_user": {
        "args": ["username", "password", "address=None"],
        "result": schemas.SessionUser,
        "errors": "InvalidCredentials, LoginNotAllowed, TooManyAttempts (throttled per username and address)",
    },
    "get_session_user": {
        "args": ["customer_id", "user_id", "session_version"],
        "result": schemas.SessionUser,
    },
    "end_sessions": {"args": ["customer_id", "user_id", "session_version"], "result": "None (logout)"},
    "create_user": {
        "args": ["customer_id", "data: PortalUserInput", "by_user_id=None"],
        "result": schemas.PortalUserOutput,
        "notes": "without a password an invite link is emailed (user_invited); by_user_id (a portal "
                 "admin) gives at most its own permissions and warehouses",
        "errors": "NotAllowed; DuplicateUsername (another user of this customer has the name; other "
                  "customers' users may)",
    },
    "list_users": {"args": ["customer_id"], "result": "list[PortalUserOutput]"},
    "get_user": {"args": ["customer_id", "user_id"], "result": schemas.PortalUserOutput},
    "update_user": {"args": ["customer_id", "user_id", "data: partial PortalUserInput", "by_user_id=None"],
                    "result": schemas.PortalUserOutput,
                    "errors": "NotAllowed: by_user_id widening its own rights, giving more than it has, "
                              "or changing the primary user"},
    "resend_invite": {"args": ["customer_id", "user_id"], "result": "None"},
    "check_link": {"args": ["purpose: 'invite'|'reset'", "token"], "result": "{username, language}"},
    "set_password_with_link": {"args": ["purpose: 'invite'|'reset'", "token", "password"],
                               "result": schemas.SessionUser},
    "request_password_reset": {
        "args": ["username_or_email", "address=None"],
        "result": "None, whether or not it exists (the email follows within seconds)",
        "errors": "TooManyAttempts (per name typed and per address)",
    },
    "change_password": {"args": ["customer_id", "user_id", "current_password", "new_password"],
                        "result": schemas.SessionUser},
    "update_own_settings": {"args": ["customer_id", "user_id",
                                     "data: {username, emailaddress, language, low_stock_alerts, stockout_alerts, "
                                     "goods_received_alerts, shipment_alerts, "
                                     "current_password (needed to change emailaddress)}"],
                            "result": schemas.SessionUser,
                            "notes": "a changed emailaddress is told to the old address",
                            "errors": "WrongPassword (current_password)"},
    "create_api_key": {
        "args": ["scope", "customer_id", "name", "key=None", "scopes=None (operator keys: some of "
                 "customers, products, stock, orders, purchasing)"],
        "result": "ApiKeyIdentity + {key}",
    },
    "authenticate_api_key": {"args": ["key"], "result": schemas.ApiKeyIdentity},
    "create_customer_api_key": {"args": ["customer_id", "name", "made_by_user_id=None"],
                                "result": "ApiKeyIdentity + {key} (shown once)",
                                "notes": "acts with at most the maker's permissions and warehouses, "
                                         "and only while the maker may sign in"},
    "list_api_keys": {"args": ["customer_id"], "result": "list[ApiKeyListed] (the customer's keys, revoked too)"},
    "revoke_api_key": {"args": ["customer_id", "key_id"], "result": "None"},
    "list_operator_api_keys": {"args": [], "result": "list[ApiKeyListed] (the warehouse's own keys, revoked too)",
                               "notes": "operator only"},
    "set_api_key_rate_limit": {"args": ["key_id (any key: the operator's or a client's)",
                                        "rate_limit: whole requests a minute, 1 to 1,000,000; None: the gateway's "
                                        "default"],
                               "result": schemas.ApiKeyListed,
                               "notes": "operator only; the gateway applies it within API_KEY_CACHE_SECONDS",
                               "errors": "ApiKeyNotFound, InvalidValue"},
    "list_addresses": {"args": ["customer_id"], "result": "list[AddressOutput], by name"},
    "get_address": {"args": ["customer_id", "address_id"], "result": schemas.AddressOutput},
    "create_address": {"args": ["customer_id", "data: AddressInput"], "result": schemas.AddressOutput},
    "update_address": {"args": ["customer_id", "address_id", "data: AddressInput"], "result": schemas.AddressOutput},
    "delete_address": {"args": ["customer_id", "address_id"], "result": "None"},
    "get_branding": {"args": ["customer_id=None (None: for all customers)"], "result": schemas.BrandingOutput,
                     "notes": "operator only: the setting itself"},
    "set_branding": {"args": ["customer_id (None: for all customers)", "data: partial BrandingInput"],
                     "result": schemas.BrandingOutput, "notes": "operator only"},
    "get_portal_branding": {"args": ["customer_id", "language=None (nl, en)"],
                            "result": "{text, link, dashboard_text, logo_version}: the customer's, else for all; "
                                      "each text in the language, else the default text"},
    "find_customer_by_domain": {"args": ["host: a request's host name, without port"],
                                "result": "customer_id | None: the client whose portal address it is (branding's domain)",
                                "notes": "before sign-in: the portal greets a client's own address with its branding"},
    "get_portal_logo": {"args": ["customer_id"], "result": "{content_type, data: base64, version} | None"},
    "create_hook": {"args": ["customer_id (None: the operator's own, hearing every customer)", "data: HookInput"],
                    "result": schemas.HookOutput},
    "list_hooks": {"args": ["customer_id (None: the operator's own)", "offset=0"],
                   "result": "list[HookOutput], at most 100"},
    "list_hooks_of_all_customers": {"args": ["offset=0"], "result": "list[HookOutput], at most 100 (operator)"},
    "get_hook": {"args": ["customer_id (None: the operator's own)", "hook_id"], "result": schemas.HookOutput},
    "get_hook_of_any_customer": {"args": ["hook_id"], "result": schemas.HookOutput, "notes": "operator only"},
    "deactivate_hook": {"args": ["customer_id (None: the operator's own)", "hook_id"], "result": schemas.HookOutput},
    "reactivate_hook": {"args": ["customer_id (None: the operator's own)", "hook_id"], "result": schemas.HookOutput,
                        "notes": "what waited for the hook is sent at once, in order"},
    "list_hook_deliveries": {"args": ["customer_id (None: the operator's own)", "hook_id"],
                             "result": "list[HookDeliveryOutput], the 50 newest first"},
    "resend_hook_delivery": {"args": ["customer_id (None: the operator's own)", "hook_id", "delivery_id"],
                             "result": schemas.HookDeliveryOutput,
                             "notes": "a delivered one again as a new delivery (new delivery_id) after what waits; "
                                      "one still waiting tried at once; a copy already waiting is not queued twice"},
}

EVENTS = {
    "customer_created": schemas.CustomerCreatedPayload,
    "customer_updated": schemas.CustomerUpdatedPayload,
    "user_invited": schemas.UserInvitedPayload,
}

# Events of other services that accounts handles (alerts by email, webhooks: accounts.webhooks), and the part it
# reads; a webhook passes the event's object on whole.
CONSUMES = {
    ("catalog", "stock_fell_below_minimum"): schemas.StockFellBelowMinimumInput,
    ("orders", "orders_backordered"): schemas.OrdersBackorderedInput,
    ("purchasing", "goods_received"): schemas.GoodsReceivedInput,
    ("orders", "order_shipped"): schemas.OrderShippedInput,
    ("orders", "shipment_cancelled"): schemas.OrderShippedInput,
    ("orders", "return_status_changed"): schemas.ReturnStatusChangedInput,
    ("orders", "order_created"): schemas.HookedOrderInput,
    ("orders", "orders_processed"): schemas.HookedOrdersInput,
    ("orders", "order_cancelled"): schemas.HookedOrderInput,
    ("orders", "orders_allocated"): schemas.HookedOrdersInput,
    ("orders", "order_completed"): schemas.HookedOrderInput,
    ("orders", "picklist_closed"): schemas.HookedPicklistInput,
    ("catalog", "free_stock_changed"): schemas.FreeStockChangedInput,
    ("webshop_gateway", "webshop_sync_failed"): schemas.WebshopSyncFailedInput,
}
