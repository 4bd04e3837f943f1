"""The purchasing service's entrypoints, each listed in `purchasing.contract`.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer. Lines that name products are checked against catalog before the transaction opens (a
read: nothing to repeat if it fails), never while it is open.
"""
from nameko.events import event_handler
from nameko.timer import timer

from purchasing import (
    __version__, customer_warehouses, expected_inbound, purchase_order_lookup, purchase_orders, receipts, stock_bookings, stock_transfers,
    suppliers,
)
from purchasing.exceptions import EXPECTED
from servicekit.config import env
from servicekit.health import FulfilmentService
from servicekit.rpc import RpcProxy, rpc

# How often goods in that catalog did not confirm are asked again.
BOOKING_RECONCILE_SECONDS = float(env("BOOKING_RECONCILE_SECONDS", "10"))


class PurchasingService(FulfilmentService):
    name = "purchasing"
    version = __version__

    catalog = RpcProxy("catalog")

    def _found(self, customer_id: int, lines) -> list[dict]:
        """The client's products among those the lines name (catalog's answer)."""
        ids, codes = purchase_orders.named_products(lines)
        return self.catalog.find_products(customer_id, ids, codes) if ids or codes else []

    @rpc(expected_exceptions=EXPECTED)
    def list_suppliers(self, customer_id, offset=0):
        return self.db.read(suppliers.list_suppliers, customer_id, offset)

    @rpc(expected_exceptions=EXPECTED)
    def get_supplier(self, customer_id, supplier_id):
        return self.db.read(suppliers.get_supplier, customer_id, supplier_id)

    @rpc(expected_exceptions=EXPECTED)
    def create_supplier(self, customer_id, data):
        return self.db.change(suppliers.create_supplier, customer_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def update_supplier(self, customer_id, supplier_id, data):
        return self.db.change(suppliers.update_supplier, customer_id, supplier_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def create_purchase_order(self, customer_id, data, created_by, idempotency_key=None):
        found = self._found(customer_id, data.get("products") if isinstance(data, dict) else None)
        return self.db.change(purchase_orders.create_purchase_order, customer_id, data, found, created_by,
                              idempotency_key)

    @rpc(expected_exceptions=EXPECTED)
    def get_purchase_order(self, customer_id, purchase_order_id):
        return self.db.read(purchase_order_lookup.get_purchase_order, customer_id, purchase_order_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_purchase_order_of_any_customer(self, purchase_order_id):
        return self.db.read(purchase_order_lookup.get_purchase_order_of_any_customer, purchase_order_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_purchase_orders(self, customer_id, offset=0, filters=None):
        return self.db.read(purchase_order_lookup.list_purchase_orders, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_purchase_orders_of_all_customers(self, offset=0, filters=None):
        return self.db.read(purchase_order_lookup.list_purchase_orders_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def update_purchase_order(self, customer_id, purchase_order_id, data, changed_by):
        return self.db.change(purchase_orders.update_purchase_order, customer_id, purchase_order_id, data, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def add_purchase_order_line(self, customer_id, purchase_order_id, line, changed_by):
        return self.db.change(purchase_orders.add_line, customer_id, purchase_order_id, line,
                              self._found(customer_id, line), changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def change_purchase_order_line(self, customer_id, purchase_order_id, line_id, amount, changed_by):
        return self.db.change(purchase_orders.change_line, customer_id, purchase_order_id, line_id, amount, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def remove_purchase_order_line(self, customer_id, purchase_order_id, line_id, changed_by):
        return self.db.change(purchase_orders.remove_line, customer_id, purchase_order_id, line_id, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def import_purchase_order_lines(self, customer_id, purchase_order_id, rows, changed_by):
        product_ids = self.catalog.find_product_ids(customer_id, purchase_orders.check_import_rows(rows))
        found = self.catalog.find_products(customer_id, list(product_ids.values()), []) if product_ids else []
        return self.db.change(purchase_orders.import_lines, customer_id, purchase_order_id, rows, product_ids, found,
                              changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def mark_purchase_order_purchased(self, customer_id, purchase_order_id, changed_by):
        return self.db.change(purchase_orders.mark_purchased, customer_id, purchase_order_id, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def cancel_purchase_order(self, customer_id, purchase_order_id, changed_by):
        return self.db.change(purchase_orders.cancel, customer_id, purchase_order_id, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def receive_purchase_order(self, customer_id, purchase_order_id, data, received_by, idempotency_key=None):
        received = self.db.change(receipts.receive, customer_id, purchase_order_id, data, received_by, idempotency_key)
        stock_bookings.book(self.db, self.catalog, received["booking_id"])
        return {"receipt": self.db.read(receipts.get_receipt, customer_id, received["receipt"]["idreceipt"]),
                "created": received["created"]}

    @rpc(expected_exceptions=EXPECTED)
    def get_receipt(self, customer_id, receipt_id):
        return self.db.read(receipts.get_receipt, customer_id, receipt_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_receipt_of_any_customer(self, receipt_id):
        return self.db.read(receipts.get_receipt_of_any_customer, receipt_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_receipts(self, customer_id, offset=0, filters=None):
        return self.db.read(receipts.list_receipts, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_receipts_of_all_customers(self, offset=0, filters=None):
        return self.db.read(receipts.list_receipts_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def create_stock_transfer(self, customer_id, data, created_by, by_client, idempotency_key=None):
        found = self._found(customer_id, data.get("products") if isinstance(data, dict) else None)
        return self.db.change(stock_transfers.create_transfer, customer_id, data, found, created_by, by_client,
                              idempotency_key)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_transfer(self, customer_id, transfer_id):
        return self.db.read(stock_transfers.get_transfer, customer_id, transfer_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_transfer_of_any_customer(self, transfer_id):
        return self.db.read(stock_transfers.get_transfer_of_any_customer, transfer_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_stock_transfers(self, customer_id, offset=0, filters=None):
        return self.db.read(stock_transfers.list_transfers, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_stock_transfers_of_all_customers(self, offset=0, filters=None):
        return self.db.read(stock_transfers.list_transfers_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_stock_transfer_creators(self, customer_id):
        return self.db.read(stock_transfers.list_transfer_creators, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def update_stock_transfer(self, customer_id, transfer_id, data, by_client):
        found = self._found(customer_id, data.get("products") if isinstance(data, dict) else None)
        return self.db.change(stock_transfers.update_transfer, customer_id, transfer_id, data, found, by_client)

    @rpc(expected_exceptions=EXPECTED)
    def cancel_stock_transfer(self, customer_id, transfer_id, by_client):
        return self.db.change(stock_transfers.cancel_transfer, customer_id, transfer_id, by_client)

    @rpc(expected_exceptions=EXPECTED)
    def receive_stock_transfer(self, customer_id, transfer_id, data, received_by, received_by_user_id=None):
        received = self.db.change(stock_transfers.receive_transfer, customer_id, transfer_id, data, received_by,
                                  received_by_user_id)
        if received["booking_id"] is not None:
            stock_bookings.book(self.db, self.catalog, received["booking_id"])
        return self.db.read(stock_transfers.get_transfer, customer_id, transfer_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_expected_inbound(self, customer_id, filters=None):
        return self.db.read(expected_inbound.list_expected_inbound, customer_id, filters)

    @timer(interval=BOOKING_RECONCILE_SECONDS)
    def reconcile_stock_bookings(self):
        stock_bookings.reconcile(self.db, self.catalog, asked_seconds_ago=BOOKING_RECONCILE_SECONDS)

    @event_handler("accounts", "customer_created")
    def handle_customer_created(self, payload):
        self.db.change(customer_warehouses.apply_customer_announced, payload, "purchasing.handle_customer_created")

    @event_handler("accounts", "customer_updated")
    def handle_customer_updated(self, payload):
        self.db.change(customer_warehouses.apply_customer_announced, payload, "purchasing.handle_customer_updated")
