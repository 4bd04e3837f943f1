"""The purchasing service's contract: its RPC methods, the events it publishes, what it asks of
others and the events of others it handles.

Written down once, here. The service's tests check that it serves exactly these methods; the
gateway's tests check that it calls only these. Times are ISO 8601 in UTC, dates YYYY-MM-DD.
"""
from purchasing import schemas

_CHANGE = "OutputPurchaseOrder; refused with PurchaseOrderLocked (saying why) once goods were received, or it was " \
          "cancelled or received in full"

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
    "list_suppliers": {"args": ["customer_id", "offset=0"], "result": "list[SupplierOutput], by name, at most 100"},
    "get_supplier": {"args": ["customer_id", "supplier_id"], "result": schemas.SupplierOutput},
    "create_supplier": {"args": ["customer_id", "data: SupplierInput"], "result": schemas.SupplierOutput},
    "update_supplier": {"args": ["customer_id", "supplier_id", "data: SupplierInput, any subset"],
                        "result": schemas.SupplierOutput},
    "create_purchase_order": {
        "args": ["customer_id", "data: PurchaseOrderInput", "created_by", "idempotency_key=None"],
        "result": "{purchase_order: PurchaseOrderOutput (a concept), created: bool} (created is false for a "
                  "repeated idempotency key); InvalidPurchaseOrder for a line naming no product of the client",
    },
    "get_purchase_order": {"args": ["customer_id", "purchase_order_id"], "result": schemas.PurchaseOrderOutput},
    "get_purchase_order_of_any_customer": {"args": ["purchase_order_id"],
                                           "result": "PurchaseOrderOutput (operator only)"},
    "list_purchase_orders": {
        "args": ["customer_id", "offset=0", "filters=None: PurchaseOrderFilters"],
        "result": "list[PurchaseOrderOutput], newest first, at most 100",
    },
    "list_purchase_orders_of_all_customers": {
        "args": ["offset=0", "filters=None: PurchaseOrderFilters"],
        "result": "list[PurchaseOrderOutput], newest first, at most 100 (operator only)",
    },
    "update_purchase_order": {
        "args": ["customer_id", "purchase_order_id", "data: PurchaseOrderDetailsInput, any subset", "changed_by"],
        "result": _CHANGE,
    },
    "add_purchase_order_line": {
        "args": ["customer_id", "purchase_order_id", "line: {idproduct | productcode, amount}", "changed_by"],
        "result": _CHANGE + "; a product already on it gets the amount added",
    },
    "change_purchase_order_line": {
        "args": ["customer_id", "purchase_order_id", "line_id", "amount", "changed_by"], "result": _CHANGE,
    },
    "remove_purchase_order_line": {
        "args": ["customer_id", "purchase_order_id", "line_id", "changed_by"], "result": _CHANGE,
    },
    "import_purchase_order_lines": {
        "args": ["customer_id", "purchase_order_id", "rows: [{row, productcode, amount}], at most 10,000", "changed_by"],
        "result": "{imported: n, errors: [{row, field, message}]}: all rows or none",
    },
    "mark_purchase_order_purchased": {
        "args": ["customer_id", "purchase_order_id", "changed_by"],
        "result": _CHANGE + "; purchased, in the client's warehouse for purchase orders (NoPurchaseOrderWarehouse "
                            "while it has none)",
    },
    "cancel_purchase_order": {"args": ["customer_id", "purchase_order_id", "changed_by"], "result": _CHANGE},
    "receive_purchase_order": {
        "args": ["customer_id", "purchase_order_id", "data: ReceiptInput", "received_by", "idempotency_key=None"],
        "result": "{receipt: ReceiptOutput, created: bool} (created false for a repeated idempotency key); its stock "
                  "is booked in catalog after commit (status 'completed'), or asked again by the reconciliation "
                  "('processing' meanwhile); PurchaseOrderLocked on a concept or cancelled purchase order, "
                  "InvalidReceipt naming the line (more than still expected without allow_over_receipt)",
    },
    "get_receipt": {"args": ["customer_id", "receipt_id"], "result": schemas.ReceiptOutput},
    "get_receipt_of_any_customer": {"args": ["receipt_id"], "result": "ReceiptOutput (operator only)"},
    "list_receipts": {"args": ["customer_id", "offset=0", "filters=None: {idpurchaseorder, idwarehouses (a key's)}"],
                      "result": "list[ReceiptOutput], newest first, at most 100"},
    "list_receipts_of_all_customers": {"args": ["offset=0", "filters=None: {idpurchaseorder, idwarehouses (a key's)}"],
                                       "result": "list[ReceiptOutput], newest first, at most 100 (operator only)"},
    "create_stock_transfer": {
        "args": ["customer_id", "data: StockTransferInput", "created_by", "by_client: bool", "idempotency_key=None"],
        "result": "{stock_transfer: StockTransferOutput (to_ship), created: bool} (created false for a repeated "
                  "idempotency key); into the client's warehouse for purchase orders (NoPurchaseOrderWarehouse "
                  "while it has none); InvalidStockTransfer for a line naming no product of the client",
    },
    "get_stock_transfer": {"args": ["customer_id", "transfer_id"], "result": schemas.StockTransferOutput},
    "get_stock_transfer_of_any_customer": {"args": ["transfer_id"], "result": "StockTransferOutput (operator only)"},
    "list_stock_transfers": {
        "args": ["customer_id", "offset=0", "filters=None: StockTransferFilters"],
        "result": "list[StockTransferOutput], newest first, at most 100",
    },
    "list_stock_transfers_of_all_customers": {
        "args": ["offset=0", "filters=None: StockTransferFilters"],
        "result": "list[StockTransferOutput], newest first, at most 100 (operator only)",
    },
    "list_stock_transfer_creators": {"args": ["customer_id"],
                                     "result": "list[str]: who made the client's transfers, by name"},
    "update_stock_transfer": {
        "args": ["customer_id", "transfer_id", "data: StockTransferInput, any subset (products replace the lines)",
                 "by_client: bool"],
        "result": "StockTransferOutput; StockTransferLocked once received or cancelled, StockTransferMadeByClient "
                  "when the warehouse changes one the client made",
    },
    "cancel_stock_transfer": {"args": ["customer_id", "transfer_id", "by_client: bool"],
                              "result": "StockTransferOutput (cancelled); refused as update_stock_transfer"},
    "receive_stock_transfer": {
        "args": ["customer_id", "transfer_id", "data: ReceiveTransferInput", "received_by",
                 "received_by_user_id=None (the portal user, or the maker of the key, who received it: the "
                 "stock movements' iduser; None for the warehouse)"],
        "result": "StockTransferOutput (received; lines not named arrived in full); what arrived is booked in "
                  "catalog after commit (stock_status 'completed'), or by the reconciliation ('processing' "
                  "meanwhile); StockTransferLocked once received or cancelled",
    },
    "list_expected_inbound": {
        "args": ["customer_id", "filters=None: {idproduct, idwarehouses}"],
        "result": "list[ExpectedInboundOutput]: per product what open purchase orders still expect and stock "
                  "transfers to ship bring, soonest first, at most 100 products",
    },
}

EVENTS = {
    # catalog booked goods in (a receipt or a received stock transfer): {idfulfilment_customer, idwarehouse, type, id,
    # number, idpurchaseorder (a receipt's), products: [{idproduct, productcode, name, amount}]}
    "goods_received": schemas.GoodsReceivedPayload,
}

# What this service asks of others (never inside a transaction), and the events of others it handles.
CALLS = {
    ("catalog", "find_products"): "which products lines name are the client's (before the transaction)",
    ("catalog", "find_product_ids"): "to match imported lines by product code",
    ("catalog", "receive_stock_lines"): "to book a receipt's or a received transfer's lines, after its commit "
                                        "(idempotent by reference)",
}
CONSUMES = {
    ("accounts", "customer_created"): schemas.CustomerAnnouncedInput,
    ("accounts", "customer_updated"): schemas.CustomerAnnouncedInput,
}
