"""The orders service's RPC entrypoints: each calls one domain function in one transaction.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer. Every method is listed, with its arguments and result, in `orders.contract`.
"""
import logging

import eventlet
from nameko.events import event_handler
from nameko.rpc import RpcProxy

from orders import __version__, allocation, changes, current_order, customer_rules, lookup, placing
from orders.exceptions import EXPECTED
from servicekit.health import FulfilmentService
from servicekit.rpc import rpc

log = logging.getLogger(__name__)
STOCK_CHANGED_RETRY_PAUSE = 1  # second


class OrdersService(FulfilmentService):
    name = "orders"
    version = __version__

    catalog = RpcProxy("catalog")

    def _process_if_at_once(self, order: dict) -> dict:
        """A placed order (committed on its own, so placing stands whatever happens here) is
        processed at once if the client's rules say so."""
        try:
            return self.db.change(allocation.process_at_once, order["idfulfilment_customer"], order["idorder"],
                                  self.catalog.reserve_stock)
        except Exception:  # the catalog unreachable, say: the order waits for the warehouse instead
            log.warning("order %s placed but not processed at once; it stays a concept", order["idorder"],
                        exc_info=True)
            return order

    @rpc(expected_exceptions=EXPECTED)
    def create_order(self, customer_id, data, source, created_by, idempotency_key=None):
        placed = self.db.change(placing.create_order, customer_id, data, source, created_by, idempotency_key,
                                self.catalog.find_products)
        return {**placed, "order": self._process_if_at_once(placed["order"])}

    @rpc(expected_exceptions=EXPECTED)
    def get_order(self, customer_id, order_id):
        return self.db.read(lookup.get_order, customer_id, order_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_order_of_any_customer(self, order_id):
        return self.db.read(lookup.get_order_of_any_customer, order_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_orders(self, customer_id, offset=0, filters=None):
        return self.db.read(lookup.list_orders, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_orders_of_all_customers(self, offset=0, filters=None):
        return self.db.read(lookup.list_orders_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def cancel_order(self, customer_id, order_id, cancelled_by, by_warehouse=False):
        return self.db.change(changes.cancel_order, customer_id, order_id, cancelled_by,
                              self.catalog.release_reservation, by_warehouse is True)

    @rpc(expected_exceptions=EXPECTED)
    def change_delivery_address(self, customer_id, order_id, address, changed_by, by_warehouse=False):
        return self.db.change(changes.change_delivery_address, customer_id, order_id, address, changed_by,
                              by_warehouse is True)

    @rpc(expected_exceptions=EXPECTED)
    def duplicate_order(self, customer_id, order_id, created_by):
        return self._process_if_at_once(
            self.db.change(changes.duplicate_order, customer_id, order_id, created_by, self.catalog.find_products))

    @rpc(expected_exceptions=EXPECTED)
    def add_order_comment(self, customer_id, order_id, body, author):
        return self.db.change(changes.add_comment, customer_id, order_id, body, author)

    @rpc(expected_exceptions=EXPECTED)
    def set_order_tags(self, customer_id, order_id, tags, changed_by):
        return self.db.change(changes.set_tags, customer_id, order_id, tags, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def process_order(self, customer_id, order_id, warehouse_id, processed_by):
        return self.db.change(allocation.process_order, customer_id, order_id, warehouse_id, processed_by,
                              self.catalog.reserve_stock)

    @rpc(expected_exceptions=EXPECTED)
    def list_backorders(self, customer_id, offset=0, filters=None):
        return self.db.read(lookup.list_backorders, customer_id, offset, filters)

    @rpc
    def count_backordered_orders(self, customer_id, idwarehouses=None):
        return self.db.read(lookup.count_backordered_orders, customer_id, idwarehouses)

    @rpc(expected_exceptions=EXPECTED)
    def list_backorders_of_all_customers(self, offset=0, filters=None):
        return self.db.read(lookup.list_backorders_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def get_current_order(self, customer_id, user_id, offset=0):
        return self.db.change(current_order.get_current_order, customer_id, user_id, self.catalog.find_products,
                              offset)

    @rpc
    def count_current_order_lines(self, customer_id, user_id):
        return self.db.read(current_order.count_lines, customer_id, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_current_order_line(self, customer_id, user_id, product_id, amount):
        return self.db.change(current_order.set_line, customer_id, user_id, product_id, amount,
                              self.catalog.find_products)

    @rpc(expected_exceptions=EXPECTED)
    def import_current_order_lines(self, customer_id, user_id, rows):
        return self.db.change(current_order.import_lines, customer_id, user_id, rows, self.catalog.find_product_ids)

    @rpc(expected_exceptions=EXPECTED)
    def update_current_order(self, customer_id, user_id, details):
        return self.db.change(current_order.update_details, customer_id, user_id, details)

    @rpc(expected_exceptions=EXPECTED)
    def place_current_order(self, customer_id, user_id, version, created_by):
        return self._process_if_at_once(self.db.change(current_order.place, customer_id, user_id, version,
                                                       created_by, self.catalog.find_products))

    @rpc
    def get_order_rules(self, customer_id):
        return self.db.read(customer_rules.get_order_rules, customer_id)

    @event_handler("accounts", "customer_created")
    def handle_customer_created(self, payload):
        self.db.change(customer_rules.apply_customer_announced, payload, "orders.handle_customer_created")

    @event_handler("accounts", "customer_updated")
    def handle_customer_updated(self, payload):
        self.db.change(customer_rules.apply_customer_announced, payload, "orders.handle_customer_updated")

    # A fill that fails (the catalog or the database away for a moment) goes back to the queue
    # rather than being dropped, or the backorders would wait until the product's next receipt;
    # the pause keeps a lasting failure from spinning.
    @event_handler("catalog", "stock_changed", requeue_on_error=True)
    def handle_stock_changed(self, payload):
        try:
            self.db.change(allocation.fill_backorders_once, payload, self.catalog.reserve_stock)
        except Exception:
            log.exception("filling backorders for %s failed; it goes back to the queue", payload.get("stock"))
            eventlet.sleep(STOCK_CHANGED_RETRY_PAUSE)
            raise
