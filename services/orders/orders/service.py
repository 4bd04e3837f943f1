"""The orders service's entrypoints: each runs one domain function in one transaction, or one
flow of transactions and calls to catalog that never overlap (`orders.stock_reservations`).

New orders answer before their stock is reserved: the allocator (`orders.allocator`) asks
catalog for every order that waits in one call. `process_order` and `place_current_order` still
ask for their one order before answering: the portal's user and the API's caller wait for what
is allocated, and they are rare enough that a batch would gain nothing.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer. Every method is listed, with its arguments and result, in `orders.contract`.
"""
import logging

import eventlet
from nameko.events import event_handler
from nameko.timer import timer

from orders import (
    __version__, allocation, changes, current_order, customer_rules, fills, known_products, lookup, picklists, placing,
    returns, shipments, shipping_providers, stock_reservations, summary, tags,
)
from orders.allocator import OrderAllocator
from orders.exceptions import EXPECTED
from orders.known_products import with_products_known
from orders.statuses import ASKED, RELEASE_ASKED
from servicekit.config import env
from servicekit.health import FulfilmentService
from servicekit.rpc import RpcProxy, rpc

log = logging.getLogger(__name__)
REQUEUE_PAUSE_SECONDS = 1
# How often what was asked of catalog and not answered is asked again, and waiting lines are
# compared with what catalog holds.
RECONCILE_SECONDS = float(env("ALLOCATION_RECONCILE_SECONDS", "10"))


class OrdersService(FulfilmentService):
    name = "orders"
    version = __version__

    catalog = RpcProxy("catalog")
    # New orders' stock, asked of catalog after their answer, in batches (`orders.allocator`).
    allocator = OrderAllocator()

    def _reserve(self, order: dict, pass_on_refusal: bool = False) -> dict:
        return stock_reservations.reserve_for_order(self.db, self.catalog, order, pass_on_refusal)

    @rpc(expected_exceptions=EXPECTED)
    def create_order(self, customer_id, data, source, created_by, idempotency_key=None, from_webshop_id=None):
        placed = with_products_known(self.db, self.catalog, placing.create_order, customer_id, data, source,
                                     created_by, idempotency_key, from_webshop_id)
        if placed["order"]["stock_reservation"] == ASKED:
            self.allocator(placed["order"])
        return placed

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
        cancelled = self.db.change(changes.cancel_order, customer_id, order_id, cancelled_by, by_warehouse is True)
        if cancelled["stock_reservation"] == RELEASE_ASKED:
            stock_reservations.release_for_order(self.db, self.catalog, customer_id, order_id)
        return cancelled

    @rpc(expected_exceptions=EXPECTED)
    def change_delivery_address(self, customer_id, order_id, address, changed_by, by_warehouse=False):
        return self.db.change(changes.change_delivery_address, customer_id, order_id, address, changed_by,
                              by_warehouse is True)

    @rpc(expected_exceptions=EXPECTED)
    def update_order(self, customer_id, order_id, data, changed_by, by_warehouse=False):
        return self.db.change(changes.update_order, customer_id, order_id, data, changed_by, by_warehouse is True)

    @rpc(expected_exceptions=EXPECTED)
    def add_order_comment(self, customer_id, order_id, body, author):
        return self.db.change(changes.add_comment, customer_id, order_id, body, author)

    @rpc(expected_exceptions=EXPECTED)
    def set_order_tags(self, customer_id, order_id, tags, changed_by):
        return self.db.change(changes.set_tags, customer_id, order_id, tags, changed_by)

    # Tags (Picqer's /tags)

    @rpc(expected_exceptions=EXPECTED)
    def list_tags(self, customer_id, offset=0):
        return self.db.read(tags.list_tags, customer_id, offset)

    @rpc(expected_exceptions=EXPECTED)
    def list_tags_of_all_customers(self, offset=0):
        return self.db.read(tags.list_tags_of_all_customers, offset)

    @rpc(expected_exceptions=EXPECTED)
    def get_tag(self, customer_id, tag_id):
        return self.db.read(tags.get_tag, customer_id, tag_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_tag_of_any_customer(self, tag_id):
        return self.db.read(tags.get_tag_of_any_customer, tag_id)

    @rpc(expected_exceptions=EXPECTED)
    def create_tag(self, customer_id, data):
        return self.db.change(tags.create_tag, customer_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def update_tag(self, customer_id, tag_id, data):
        return self.db.change(tags.update_tag, customer_id, tag_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def delete_tag(self, customer_id, tag_id, changed_by):
        return self.db.change(tags.delete_tag, customer_id, tag_id, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def list_order_tags(self, customer_id, order_id):
        return self.db.read(tags.list_order_tags, customer_id, order_id)

    @rpc(expected_exceptions=EXPECTED)
    def add_order_tag(self, customer_id, order_id, tag_id, changed_by):
        return self.db.change(tags.add_order_tag, customer_id, order_id, tag_id, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def remove_order_tag(self, customer_id, order_id, tag_id, changed_by):
        return self.db.change(tags.remove_order_tag, customer_id, order_id, tag_id, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def process_order(self, customer_id, order_id, warehouse_id, processed_by):
        return self._reserve(self.db.change(allocation.start_processing, customer_id, order_id, warehouse_id,
                                            processed_by), pass_on_refusal=True)

    @rpc(expected_exceptions=EXPECTED)
    def list_backorders(self, customer_id, offset=0, filters=None):
        return self.db.read(lookup.list_backorders, customer_id, offset, filters)

    @rpc
    def count_backordered_orders(self, customer_id, idwarehouses=None):
        return self.db.read(lookup.count_backordered_orders, customer_id, idwarehouses)

    @rpc(expected_exceptions=EXPECTED)
    def summarize_orders(self, customer_id, filters=None):
        return self.db.read(summary.summarize_orders, customer_id, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_backorders_of_all_customers(self, offset=0, filters=None):
        return self.db.read(lookup.list_backorders_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def get_current_order(self, customer_id, user_id, offset=0):
        page = self.db.change(current_order.get_current_order_page, customer_id, user_id, offset)
        ids = [line["idproduct"] for line in page["lines"]]
        return current_order.with_products(page, self.catalog.find_products(customer_id, ids, []) if ids else [])

    @rpc
    def count_current_order_lines(self, customer_id, user_id):
        return self.db.read(current_order.count_lines, customer_id, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_current_order_line(self, customer_id, user_id, product_id, amount):
        return with_products_known(self.db, self.catalog, current_order.set_line, customer_id, user_id, product_id,
                                   amount)

    @rpc(expected_exceptions=EXPECTED)
    def import_current_order_lines(self, customer_id, user_id, rows):
        product_ids = self.catalog.find_product_ids(customer_id, current_order.check_import_rows(rows))
        return self.db.change(current_order.import_lines, customer_id, user_id, rows, product_ids)

    @rpc(expected_exceptions=EXPECTED)
    def update_current_order(self, customer_id, user_id, details):
        return self.db.change(current_order.update_details, customer_id, user_id, details)

    @rpc(expected_exceptions=EXPECTED)
    def place_current_order(self, customer_id, user_id, version, created_by):
        return self._reserve(with_products_known(self.db, self.catalog, current_order.place, customer_id, user_id,
                                                 version, created_by))

    @rpc(expected_exceptions=EXPECTED)
    def list_picklists(self, customer_id, offset=0, filters=None):
        return self.db.read(picklists.list_picklists, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_picklists_of_all_customers(self, offset=0, filters=None):
        return self.db.read(picklists.list_picklists_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def get_picklist(self, customer_id, picklist_id):
        return self.db.read(picklists.get_picklist, customer_id, picklist_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_picklist_of_any_customer(self, picklist_id):
        return self.db.read(picklists.get_picklist_of_any_customer, picklist_id)

    @rpc(expected_exceptions=EXPECTED)
    def pick_picklist_product(self, customer_id, picklist_id, product, amount, picked_by):
        return self.db.change(picklists.pick, customer_id, picklist_id, product, amount, picked_by)

    @rpc(expected_exceptions=EXPECTED)
    def pick_all_picklist_products(self, customer_id, picklist_id, picked_by):
        return self.db.change(picklists.pick_all, customer_id, picklist_id, picked_by)

    @rpc(expected_exceptions=EXPECTED)
    def close_picklist(self, customer_id, picklist_id, closed_by, reason=None):
        closed = self.db.change(picklists.start_closing, customer_id, picklist_id, closed_by, reason)
        return stock_reservations.consume_for_picklist(self.db, self.catalog, customer_id, closed["idpicklist"])

    @rpc(expected_exceptions=EXPECTED)
    def create_shipment(self, customer_id, picklist_id, data, created_by):
        return self.db.change(shipments.create_shipment, customer_id, picklist_id, data, created_by)

    @rpc(expected_exceptions=EXPECTED)
    def cancel_shipment(self, customer_id, picklist_id, shipment_id, cancelled_by):
        return self.db.change(shipments.cancel_shipment, customer_id, picklist_id, shipment_id, cancelled_by)

    @rpc(expected_exceptions=EXPECTED)
    def list_picklist_shipments(self, customer_id, picklist_id):
        return self.db.read(shipments.list_picklist_shipments, customer_id, picklist_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_shipments(self, customer_id, offset=0, filters=None):
        return self.db.read(shipments.list_shipments, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_shipments_of_all_customers(self, offset=0, filters=None):
        return self.db.read(shipments.list_shipments_of_all_customers, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def register_return(self, customer_id, data, created_by, idempotency_key=None):
        return with_products_known(self.db, self.catalog, returns.register_return, customer_id, data, created_by,
                                   idempotency_key)

    @rpc(expected_exceptions=EXPECTED)
    def change_return_status(self, customer_id, return_id, status, changed_by, note=None, damaged=None):
        changed = self.db.change(returns.change_return_status, customer_id, return_id, status, changed_by, note,
                                 damaged)
        if changed["replacement_order"] is not None:
            self._reserve(changed["replacement_order"])
        if changed["return"]["restock"] == ASKED:
            return stock_reservations.restock_for_return(self.db, self.catalog, customer_id, return_id)
        return changed["return"]

    @rpc(expected_exceptions=EXPECTED)
    def get_return(self, customer_id, return_id):
        return self.db.read(returns.get_return, customer_id, return_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_return_of_any_customer(self, return_id):
        return self.db.read(returns.get_return_of_any_customer, return_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_returns(self, customer_id, offset=0, filters=None):
        return self.db.read(returns.list_returns, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_returns_of_all_customers(self, offset=0, filters=None):
        return self.db.read(returns.list_returns_of_all_customers, offset, filters)

    @rpc
    def list_shipping_providers(self):
        return self.db.read(shipping_providers.list_shipping_providers)

    @rpc
    def list_shipping_providers_for_customer(self, customer_id):
        return self.db.read(shipping_providers.list_shipping_providers_for_customer, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def create_shipping_provider(self, data):
        return self.db.change(shipping_providers.create_shipping_provider, data)

    @rpc(expected_exceptions=EXPECTED)
    def update_shipping_provider(self, provider_id, data):
        return self.db.change(shipping_providers.update_shipping_provider, provider_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def add_shipping_profile(self, provider_id, data):
        return self.db.change(shipping_providers.add_shipping_profile, provider_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def update_shipping_profile(self, provider_id, profile_id, data):
        return self.db.change(shipping_providers.update_shipping_profile, provider_id, profile_id, data)

    @rpc
    def get_order_rules(self, customer_id):
        return self.db.read(customer_rules.get_order_rules, customer_id)

    @timer(interval=RECONCILE_SECONDS)
    def reconcile_stock_reservations(self):
        stock_reservations.reconcile(self.db, self.catalog, asked_seconds_ago=RECONCILE_SECONDS)

    @event_handler("accounts", "customer_created")
    def handle_customer_created(self, payload):
        self.db.change(customer_rules.apply_customer_announced, payload, "orders.handle_customer_created")

    @event_handler("accounts", "customer_updated")
    def handle_customer_updated(self, payload):
        self.db.change(customer_rules.apply_customer_announced, payload, "orders.handle_customer_updated")

    @event_handler("catalog", "products_created")
    def handle_products_created(self, payload):
        self.db.change(known_products.apply_products_announced, payload)

    @event_handler("catalog", "products_updated")
    def handle_products_updated(self, payload):
        self.db.change(known_products.apply_products_announced, payload)

    # A failed recording (the database away for a moment) goes back to the queue rather than
    # being dropped (the reconciliation would repair it too, a round later); the pause keeps a
    # lasting failure from spinning.
    @event_handler("catalog", "reservations_filled", requeue_on_error=True)
    def handle_reservations_filled(self, payload):
        try:
            self.db.change(fills.take_reservations_filled, payload)
        except Exception:
            log.exception("recording filled reservations failed; it goes back to the queue")
            eventlet.sleep(REQUEUE_PAUSE_SECONDS)
            raise
