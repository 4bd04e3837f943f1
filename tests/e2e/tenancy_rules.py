"""How each gateway route and each customer-scoped RPC argument is probed by
test_tenancy_e2e.py, as a user and an API key of ANOTHER client.

Adding a route? Add ONE line to ROUTES ("METHOD rule" exactly as Flask's url_map writes it).
A new path variable or RPC argument name? One line in VICTIM_IDS / RPC_ARGS. The test fails,
naming the route or argument, until you do.

Route kinds:
  PUBLIC          no client data (login, health, static, link pages): requested anonymously,
                  the answer must hold none of the victim's data.
  OPERATOR_ONLY   API for operator keys: the other client's customer key gets 403.
  API_OWN         API acting on the key's own customer: naming the victim in
                  `?idfulfilment_customer=` or the JSON body gets 403.
  API_OBJECT      API naming an object in the path: the victim's object id gets 404.
  PORTAL_OWN      portal page of the session's own customer: victim ids put into the query and
                  form are ignored; the answer holds none of the victim's data.
  PORTAL_OBJECT   portal page naming an object in the path: the victim's object id gets 404.
"""
PUBLIC, OPERATOR_ONLY, API_OWN, API_OBJECT, PORTAL_OWN, PORTAL_OBJECT = (
    "public", "operator_only", "api_own", "api_object", "portal_own", "portal_object")

ROUTES = {
    "GET /": PUBLIC,
    "GET /static/<path:filename>": PUBLIC,
    "GET /healthz": PUBLIC,
    "GET /api/v1/openapi.json": PUBLIC,
    "GET /api/v1/docs": PUBLIC,
    "GET /livez": PUBLIC,
    # API: customers and their users (operator only)
    "GET /api/v1/fulfilment/customers": OPERATOR_ONLY,
    "POST /api/v1/fulfilment/customers": OPERATOR_ONLY,
    "GET /api/v1/fulfilment/customers/<int:customer_id>": OPERATOR_ONLY,
    "PUT /api/v1/fulfilment/customers/<int:customer_id>": OPERATOR_ONLY,
    "GET /api/v1/fulfilment/customers/<int:customer_id>/users": OPERATOR_ONLY,
    "POST /api/v1/fulfilment/customers/<int:customer_id>/users": OPERATOR_ONLY,
    "GET /api/v1/fulfilment/customers/<int:customer_id>/users/<int:user_id>": OPERATOR_ONLY,
    "PUT /api/v1/fulfilment/customers/<int:customer_id>/users/<int:user_id>": OPERATOR_ONLY,
    "GET /api/v1/fulfilment/branding": OPERATOR_ONLY,
    "PUT /api/v1/fulfilment/branding": OPERATOR_ONLY,
    "GET /api/v1/fulfilment/customers/<int:customer_id>/branding": OPERATOR_ONLY,
    "PUT /api/v1/fulfilment/customers/<int:customer_id>/branding": OPERATOR_ONLY,
    # API: products
    "GET /api/v1/products": API_OWN,
    "POST /api/v1/products": API_OWN,
    "GET /api/v1/products/<int:product_id>": API_OBJECT,
    "PUT /api/v1/products/<int:product_id>": API_OBJECT,
    "GET /api/v1/products/<int:product_id>/images": API_OBJECT,
    "POST /api/v1/products/<int:product_id>/images": API_OBJECT,
    "GET /api/v1/products/<int:product_id>/images/<int:image_id>": API_OBJECT,
    "DELETE /api/v1/products/<int:product_id>/images/<int:image_id>": API_OBJECT,
    "GET /api/v1/products/<int:product_id>/stock": API_OBJECT,
    "GET /api/v1/products/<int:product_id>/stock/<int:warehouse_id>": API_OBJECT,
    "POST /api/v1/products/<int:product_id>/stock/<int:warehouse_id>": OPERATOR_ONLY,  # clients never change stock
    "GET /api/v1/stockhistory": API_OWN,
    "GET /api/v1/warehouses": PUBLIC,  # the operator's warehouses: no client data
    "GET /api/v1/warehouses/<int:warehouse_id>": PUBLIC,
    "GET /api/v1/stockhistory/<int:movement_id>": API_OBJECT,
    # API: orders and backorders
    "GET /api/v1/orders": API_OWN,
    "POST /api/v1/orders": API_OWN,
    "GET /api/v1/orders/<int:order_id>": API_OBJECT,
    "PUT /api/v1/orders/<int:order_id>": API_OBJECT,
    "DELETE /api/v1/orders/<int:order_id>": API_OBJECT,
    "GET /api/v1/orders/<int:order_id>/comments": API_OBJECT,
    "POST /api/v1/orders/<int:order_id>/comments": API_OBJECT,
    "GET /api/v1/orders/<int:order_id>/notes": API_OBJECT,
    "POST /api/v1/orders/<int:order_id>/notes": API_OBJECT,
    "PUT /api/v1/orders/<int:order_id>/tags": API_OBJECT,
    "POST /api/v1/orders/<int:order_id>/process": API_OBJECT,
    "GET /api/v1/orders/<int:order_id>/backorders": API_OBJECT,
    "GET /api/v1/backorders": API_OWN,
    "GET /api/v1/backorders/<int:backorder_id>": API_OBJECT,
    # API: picklists (reading: any key its own; picking and closing: the warehouse's)
    "GET /api/v1/picklists": API_OWN,
    "GET /api/v1/picklists/<int:picklist_id>": API_OBJECT,
    "POST /api/v1/picklists/<int:picklist_id>/pick": OPERATOR_ONLY,
    "POST /api/v1/picklists/<int:picklist_id>/pickall": OPERATOR_ONLY,
    "POST /api/v1/picklists/<int:picklist_id>/close": OPERATOR_ONLY,
    "GET /api/v1/picklists/<int:picklist_id>/shipments": API_OBJECT,
    "POST /api/v1/picklists/<int:picklist_id>/shipments": OPERATOR_ONLY,
    "POST /api/v1/picklists/<int:picklist_id>/shipments/<int:shipment_id>/cancel": OPERATOR_ONLY,
    "GET /api/v1/shipments": API_OWN,
    # API: returns (registered and read by any key for its own customer; statuses: the warehouse's)
    "GET /api/v1/returns": API_OWN,
    "POST /api/v1/returns": API_OWN,
    "GET /api/v1/returns/<int:return_id>": API_OBJECT,
    "POST /api/v1/returns/<int:return_id>/status": OPERATOR_ONLY,
    # API: shipping providers (the operator's; a customer key reads the profiles it may use)
    "GET /api/v1/shippingproviders": API_OWN,
    "POST /api/v1/shippingproviders": OPERATOR_ONLY,
    "PUT /api/v1/shippingproviders/<int:provider_id>": OPERATOR_ONLY,
    "POST /api/v1/shippingproviders/<int:provider_id>/profiles": OPERATOR_ONLY,
    "PUT /api/v1/shippingproviders/<int:provider_id>/profiles/<int:profile_id>": OPERATOR_ONLY,
    # API: suppliers and purchase orders
    "GET /api/v1/suppliers": API_OWN,
    "POST /api/v1/suppliers": API_OWN,
    "GET /api/v1/suppliers/<int:supplier_id>": API_OBJECT,
    "PUT /api/v1/suppliers/<int:supplier_id>": API_OBJECT,
    "GET /api/v1/purchaseorders": API_OWN,
    "POST /api/v1/purchaseorders": API_OWN,
    "GET /api/v1/purchaseorders/<int:purchase_order_id>": API_OBJECT,
    "PUT /api/v1/purchaseorders/<int:purchase_order_id>": API_OBJECT,
    "POST /api/v1/purchaseorders/<int:purchase_order_id>/products": API_OBJECT,
    "PUT /api/v1/purchaseorders/<int:purchase_order_id>/products/<int:line_id>": API_OBJECT,
    "DELETE /api/v1/purchaseorders/<int:purchase_order_id>/products/<int:line_id>": API_OBJECT,
    "POST /api/v1/purchaseorders/<int:purchase_order_id>/mark-as-purchased": API_OBJECT,
    "POST /api/v1/purchaseorders/<int:purchase_order_id>/cancel": API_OBJECT,
    "POST /api/v1/purchaseorders/<int:purchase_order_id>/receipts": OPERATOR_ONLY,  # the warehouse receives
    "GET /api/v1/purchaseorders/<int:purchase_order_id>/receipts": API_OBJECT,
    "GET /api/v1/receipts": API_OWN,
    "GET /api/v1/receipts/<int:receipt_id>": API_OBJECT,
    # API: stock transfers (the client or the warehouse receives)
    "GET /api/v1/stocktransfers": API_OWN,
    "POST /api/v1/stocktransfers": API_OWN,
    "GET /api/v1/stocktransfers/<int:transfer_id>": API_OBJECT,
    "PUT /api/v1/stocktransfers/<int:transfer_id>": API_OBJECT,
    "POST /api/v1/stocktransfers/<int:transfer_id>/receive": API_OBJECT,
    "POST /api/v1/stocktransfers/<int:transfer_id>/cancel": API_OBJECT,
    "GET /api/v1/stocktransfers/<int:transfer_id>/pdf": API_OBJECT,
    # Portal: getting in
    "GET /fulfilmentportal/login": PUBLIC,
    "POST /fulfilmentportal/login": PUBLIC,
    "POST /fulfilmentportal/logout": PORTAL_OWN,
    "GET /fulfilmentportal/language/<code>": PUBLIC,
    "GET /fulfilmentportal/invite/<token>": PUBLIC,
    "POST /fulfilmentportal/invite/<token>": PUBLIC,
    "GET /fulfilmentportal/password-reset": PUBLIC,
    "POST /fulfilmentportal/password-reset": PUBLIC,
    "GET /fulfilmentportal/password-reset/<token>": PUBLIC,
    "POST /fulfilmentportal/password-reset/<token>": PUBLIC,
    # Portal: pages of the client
    "GET /fulfilmentportal/": PORTAL_OWN,
    "GET /fulfilmentportal/products": PORTAL_OWN,
    "GET /fulfilmentportal/products/<int:product_id>": PORTAL_OBJECT,
    "GET /fulfilmentportal/products/<int:product_id>/edit": PORTAL_OBJECT,
    "POST /fulfilmentportal/products/<int:product_id>/edit": PORTAL_OBJECT,
    "POST /fulfilmentportal/products/<int:product_id>/images": PORTAL_OBJECT,
    "GET /fulfilmentportal/products/<int:product_id>/images/<int:image_id>": PORTAL_OBJECT,
    "GET /fulfilmentportal/products/<int:product_id>/images/<int:image_id>/thumbnail": PORTAL_OBJECT,
    "POST /fulfilmentportal/products/<int:product_id>/images/<int:image_id>/delete": PORTAL_OBJECT,
    "GET /fulfilmentportal/products/new": PORTAL_OWN,
    "POST /fulfilmentportal/products/new": PORTAL_OWN,
    "GET /fulfilmentportal/products/import": PORTAL_OWN,
    "POST /fulfilmentportal/products/import": PORTAL_OWN,
    "GET /fulfilmentportal/products/export.<any(xlsx, csv):file_format>": PORTAL_OWN,
    "GET /fulfilmentportal/stock-history": PORTAL_OWN,
    "GET /fulfilmentportal/stock-on-date": PORTAL_OWN,
    "GET /fulfilmentportal/stock-on-date.xlsx": PORTAL_OWN,
    "GET /fulfilmentportal/account": PORTAL_OWN,
    "POST /fulfilmentportal/account": PORTAL_OWN,
    "GET /fulfilmentportal/users": PORTAL_OWN,
    "POST /fulfilmentportal/users": PORTAL_OWN,
    "GET /fulfilmentportal/users/<int:user_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/users/<int:user_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/users/<int:user_id>/invite": PORTAL_OBJECT,
    "GET /fulfilmentportal/addresses": PORTAL_OWN,
    "GET /fulfilmentportal/addresses/new": PORTAL_OWN,
    "POST /fulfilmentportal/addresses/new": PORTAL_OWN,
    "GET /fulfilmentportal/addresses/<int:address_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/addresses/<int:address_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/addresses/<int:address_id>/delete": PORTAL_OBJECT,
    "GET /fulfilmentportal/api-keys": PORTAL_OWN,
    "POST /fulfilmentportal/api-keys": PORTAL_OWN,
    "POST /fulfilmentportal/api-keys/<int:key_id>/revoke": PORTAL_OBJECT,
    "GET /fulfilmentportal/branding/logo/<version>": PORTAL_OWN,
    "GET /fulfilmentportal/orders": PORTAL_OWN,
    "GET /fulfilmentportal/orders/<int:order_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/orders/<int:order_id>/cancel": PORTAL_OBJECT,
    "POST /fulfilmentportal/orders/<int:order_id>/address": PORTAL_OBJECT,
    "POST /fulfilmentportal/orders/<int:order_id>/duplicate": PORTAL_OBJECT,
    "POST /fulfilmentportal/orders/<int:order_id>/comments": PORTAL_OBJECT,
    "POST /fulfilmentportal/orders/<int:order_id>/tags": PORTAL_OBJECT,
    "GET /fulfilmentportal/backorders": PORTAL_OWN,
    "GET /fulfilmentportal/purchase-orders": PORTAL_OWN,
    "GET /fulfilmentportal/purchase-orders/new": PORTAL_OWN,
    "POST /fulfilmentportal/purchase-orders/new": PORTAL_OWN,
    "GET /fulfilmentportal/purchase-orders/<int:purchase_order_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/purchase-orders/<int:purchase_order_id>/details": PORTAL_OBJECT,
    "POST /fulfilmentportal/purchase-orders/<int:purchase_order_id>/lines": PORTAL_OBJECT,
    "POST /fulfilmentportal/purchase-orders/<int:purchase_order_id>/lines/<int:line_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/purchase-orders/<int:purchase_order_id>/import": PORTAL_OBJECT,
    "POST /fulfilmentportal/purchase-orders/<int:purchase_order_id>/purchase": PORTAL_OBJECT,
    "POST /fulfilmentportal/purchase-orders/<int:purchase_order_id>/cancel": PORTAL_OBJECT,
    "GET /fulfilmentportal/stock-transfers": PORTAL_OWN,
    "GET /fulfilmentportal/stock-transfers/new": PORTAL_OWN,
    "POST /fulfilmentportal/stock-transfers/new": PORTAL_OWN,
    "GET /fulfilmentportal/stock-transfers/<int:transfer_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/stock-transfers/<int:transfer_id>/details": PORTAL_OBJECT,
    "POST /fulfilmentportal/stock-transfers/<int:transfer_id>/lines": PORTAL_OBJECT,
    "POST /fulfilmentportal/stock-transfers/<int:transfer_id>/lines/<int:line_id>": PORTAL_OBJECT,
    "POST /fulfilmentportal/stock-transfers/<int:transfer_id>/receive": PORTAL_OBJECT,
    "POST /fulfilmentportal/stock-transfers/<int:transfer_id>/cancel": PORTAL_OBJECT,
    "GET /fulfilmentportal/stock-transfers/<int:transfer_id>/pdf": PORTAL_OBJECT,
    "GET /fulfilmentportal/shipments": PORTAL_OWN,
    "GET /fulfilmentportal/current-order": PORTAL_OWN,
    "POST /fulfilmentportal/current-order/lines": PORTAL_OWN,
    "POST /fulfilmentportal/current-order/details": PORTAL_OWN,
    "POST /fulfilmentportal/current-order/import": PORTAL_OWN,
}

# Path variables: which of the victim's objects fills each (keys of the `victim` fixture), or a
# fixed value for variables that name no client object.
VICTIM_IDS = {
    "customer_id": "customer_id",
    "product_id": "product_id",
    "user_id": "user_id",
    "address_id": "address_id",
    "key_id": "key_id",
    "order_id": "order_id",
    "image_id": "image_id",
    "warehouse_id": "warehouse_id",
    "order_line_id": "order_line_id",
    "picklist_id": "picklist_id",
    "shipment_id": "shipment_id",
    "return_id": "return_id",
    "supplier_id": "supplier_id",
    "purchase_order_id": "purchase_order_id",
    "line_id": "purchase_order_line_id",
    "receipt_id": "receipt_id",
    "transfer_id": "transfer_id",
    "movement_id": "movement_id",
    "backorder_id": "backorder_id",
}
FIXED_PATH_VALUES = {"provider_id": "1", "profile_id": "1", "file_format": "csv", "filename": "portal.css", "code": "nl", "token": "not-a-real-token", "version": "v1"}

# RPC arguments after customer_id: a victim object (by the same names as VICTIM_IDS), a list of
# one ("victim_list"), or a value.
# "data" is per method (RPC_DATA), so that validation passes and the tenancy check is reached.
RPC_ARGS = {
    "product_id": ("victim", "product_id"),
    "user_id": ("victim", "user_id"),
    "by_user_id": ("victim", "user_id"),  # a portal admin: another client's user acts for nobody here
    "made_by_user_id": ("victim", "user_id"),
    "address_id": ("victim", "address_id"),
    "key_id": ("victim", "key_id"),
    "warehouse_id": ("victim", "warehouse_id"),
    "idwarehouses": ("victim_list", "warehouse_id"),  # a user's scope naming the victim's warehouse
    "session_version": ("value", 1),
    "offset": ("value", 0),
    "by_warehouse": ("value", True),  # the operator's wider reach must still stop at the customer
    "search": ("value", None),
    "change": ("value", 5),
    "reason": ("value", "tenancy probe"),
    "name": ("value", "tenancy probe"),
    "current_password": ("victim", "password"),
    "new_password": ("value", "tenancy-probe-password-9"),
    "order_id": ("victim", "order_id"),
    "image_id": ("victim", "image_id"),
    "order_line_id": ("victim", "order_line_id"),
    "order_line_ids": ("victim_list", "order_line_id"),
    "lines": ("victim_claims", None),  # the victim's order line, claiming (or shipping) the victim's product
    "picklist_id": ("victim", "picklist_id"),
    "shipment_id": ("victim", "shipment_id"),
    "return_id": ("victim", "return_id"),
    "status": ("value", "received"),
    "changed_by": ("value", "tenancy probe"),
    "note": ("value", None),
    "picklist": ("value", {"idpicklist": 1, "picklistid": "P-probe"}),
    "product": ("value", "PROBE-1"),
    "picked_by": ("value", "tenancy probe"),
    "closed_by": ("value", "tenancy probe"),
    "thumbnail": ("value", False),
    "image_base64": ("victim", "image_base64"),
    "rows": ("value", [{"row": 2, "product": {"productcode": "PROBE-IMPORT", "name": "Probe"},
                        "productcode": "PROBE-IMPORT", "amount": 1}]),  # a product row and an order line
    "reference": ("value", {"type": "receipt", "id": "tenancy-probe"}),
    "at": ("value", "2100-01-01"),
    "before": ("value", None),
    "product_ids": ("victim_list", "product_id"),
    "productcodes": ("victim_list", "productcode"),
    "filters": ("value", None),
    "source": ("value", "api"),
    "created_by": ("value", "tenancy probe"),
    "cancelled_by": ("value", "tenancy probe"),
    "changed_by": ("value", "tenancy probe"),
    "processed_by": ("value", "tenancy probe"),
    "author": ("value", "tenancy probe"),
    "idempotency_key": ("value", None),
    "address": ("value", {"deliveryname": "Probe", "deliveryaddress": "Probe 1", "deliveryzipcode": "1000 AA",
                          "deliverycity": "Probe", "deliverycountry": "NL"}),
    "body": ("value", "tenancy probe"),
    "tags": ("value", ["probe"]),
    "amount": ("value", 1),
    "details": ("value", {"deliveryname": "Probe"}),
    "version": ("value", 1),
    "supplier_id": ("victim", "supplier_id"),
    "purchase_order_id": ("victim", "purchase_order_id"),
    "line_id": ("victim", "purchase_order_line_id"),
    "line": ("value", {"productcode": "PROBE-1", "amount": 1}),
    "receipt_id": ("victim", "receipt_id"),
    "received_by": ("value", "tenancy probe"),
    "transfer_id": ("victim", "transfer_id"),
    "by_client": ("value", True),
}
ADDRESS = {"name": "Probe", "address": "Probe 1", "zipcode": "1000 AA", "city": "Probe", "country": "NL"}
RPC_DATA = {
    "create_shipment": {"weight": 500, "trackingcode": "PROBE-1"},
    # A return of the victim's order (the probe names it: refused like a missing order).
    "register_return": lambda victim: {"idorder": victim["order_id"], "returned_products": [
        {"idorder_product": victim["order_line_id"], "amount": 1, "reason": "tenancy probe"}]},
    "create_product": {"productcode": "PROBE-1", "name": "Probe"},
    "create_user": {"username": "tenancy-probe", "password": "tenancy-probe-password-9"},
    "update_user": {"active": False, "permissions": []},
    "update_own_settings": {"language": "en", "emailaddress": "probe@example.test"},
    "create_address": ADDRESS,
    "update_address": ADDRESS,
    "set_branding": {"text": "Probe"},  # operator RPC: acts on the caller itself
    "update_customer": {"notification_email": "probe@example.test"},  # operator RPC: acts on the caller itself
    "update_product": {"name": "Probe"},
    "create_supplier": {"name": "Probe"},
    "update_supplier": {"name": "Probe"},
    "create_purchase_order": {"supplier_name": "Probe", "products": [{"productcode": "PROBE-1", "amount": 1}]},
    "update_purchase_order": {"remarks": "Probe"},
    "receive_purchase_order": {"products": [{"productcode": "PROBE-1", "amount": 1}]},
    "create_stock_transfer": {"origin": "Probe", "products": [{"productcode": "PROBE-1", "amount": 1}]},
    "update_stock_transfer": {"remarks": "Probe"},
    "receive_stock_transfer": {},
    "create_order": {"deliveryname": "Probe", "deliveryaddress": "Probe 1", "deliveryzipcode": "1000 AA",
                     "deliverycity": "Probe", "deliverycountry": "NL", "products": [{"productcode": "PROBE-1", "amount": 1}]},
}
# Methods with an object argument that answer nothing rather than an error for a foreign id
# (the unchanged snapshot proves they did nothing).
SILENT_METHODS = {"end_sessions"}
# Methods keyed by (customer_id, user_id) that answer the CALLER's own space for any user id: a
# current order of (attacker, victim's user id) is the attacker's (empty) one, never the
# victim's (the victim's holds the marker, so a leak is still caught).
OWN_SPACE_METHODS = {"get_current_order", "count_current_order_lines", "set_current_order_line",
                     "update_current_order", "place_current_order", "import_current_order_lines"}
