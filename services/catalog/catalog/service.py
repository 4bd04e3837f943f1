"""The catalog service's entrypoints: each runs one domain function in one transaction.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer. Every method is listed, with its arguments and result, in `catalog.contract`.
"""
from nameko.events import event_handler
from nameko.timer import timer
from servicekit.rpc import RpcProxy, rpc

from catalog import (
    __version__, customers, images, product_import, products, reservations, reserving, stock, stock_history, stock_over_time,
    vat_groups, waiting_reconciliation, warehouses,
)
from catalog.exceptions import EXPECTED
from servicekit.config import env
from servicekit.health import FulfilmentService

# How often order lines waiting beside free stock are looked for and served: the net under the
# rule that serves them in the transaction that frees the stock (`catalog.waiting_reconciliation`).
WAITING_RECONCILE_SECONDS = float(env("WAITING_RECONCILE_SECONDS", "10"))


class CatalogService(FulfilmentService):
    name = "catalog"
    version = __version__

    accounts = RpcProxy("accounts")

    @rpc(expected_exceptions=EXPECTED)
    def create_warehouse(self, name):
        return self.db.change(warehouses.create_warehouse, name)

    @rpc
    def list_warehouses(self):
        return self.db.read(warehouses.list_warehouses)

    @rpc
    def list_vat_groups(self):
        return vat_groups.list_vat_groups()

    @rpc(expected_exceptions=EXPECTED)
    def create_product(self, customer_id, data):
        return customers.with_customer_known(self.db, self.accounts, products.create_product, customer_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def update_product(self, customer_id, product_id, data):
        return self.db.change(products.update_product, customer_id, product_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def import_products(self, customer_id, rows):
        # A refused import wrote nothing, so committing it is committing nothing.
        return customers.with_customer_known(self.db, self.accounts, product_import.import_products, customer_id, rows)

    @rpc(expected_exceptions=EXPECTED)
    def get_product(self, customer_id, product_id):
        return self.db.read_driver(products.read_product, customer_id, product_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_product_of_any_customer(self, product_id):
        return self.db.read_driver(products.read_product_of_any_customer, product_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_products(self, customer_id, offset=0, search=None, filters=None):
        return self.db.read(products.list_products, customer_id, offset, search, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_products_of_all_customers(self, offset=0, search=None, filters=None):
        return self.db.read(products.list_products_of_all_customers, offset, search, filters)

    @rpc
    def find_product_ids(self, customer_id, productcodes):
        return self.db.read(products.find_product_ids, customer_id, productcodes)

    @rpc
    def find_products(self, customer_id, product_ids=(), productcodes=()):
        return self.db.read(products.find_products, customer_id, product_ids, productcodes)

    @rpc
    def count_products(self, customer_id):
        return self.db.read(products.count_products, customer_id)

    @rpc
    def count_low_stock_products(self, customer_id, idwarehouses=None):
        return self.db.read(products.count_low_stock_products, customer_id, idwarehouses)

    @rpc(expected_exceptions=EXPECTED)
    def add_product_image(self, customer_id, product_id, image_base64):
        return self.db.change(images.add_product_image, customer_id, product_id, image_base64)

    @rpc(expected_exceptions=EXPECTED)
    def list_product_images(self, customer_id, product_id):
        return self.db.read(images.list_product_images, customer_id, product_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_first_product_images(self, customer_id, product_ids):
        return self.db.read(images.first_product_images, customer_id, product_ids)

    @rpc(expected_exceptions=EXPECTED)
    def get_product_image(self, customer_id, image_id, thumbnail=False):
        return self.db.read(images.get_product_image, customer_id, image_id, thumbnail)

    @rpc(expected_exceptions=EXPECTED)
    def delete_product_image(self, customer_id, image_id):
        return self.db.change(images.delete_product_image, customer_id, image_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_level(self, customer_id, product_id, warehouse_id):
        return self.db.read(stock.get_stock_level, customer_id, product_id, warehouse_id)

    @rpc(expected_exceptions=EXPECTED)
    def change_stock(self, customer_id, product_id, warehouse_id, change, reason, changed_by=None):
        return self.db.change(stock.change_stock, customer_id, product_id, warehouse_id, change, reason, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def set_stock(self, customer_id, product_id, warehouse_id, amount, reason, changed_by=None):
        return self.db.change(stock.set_stock, customer_id, product_id, warehouse_id, amount, reason, changed_by)

    @rpc(expected_exceptions=EXPECTED)
    def receive_stock(self, customer_id, product_id, warehouse_id, amount, reference):
        return self.db.change(stock.receive_stock, customer_id, product_id, warehouse_id, amount, reference)

    @rpc(expected_exceptions=EXPECTED)
    def receive_stock_lines(self, customer_id, warehouse_id, reference, lines, user_id=None):
        return self.db.change(stock.receive_stock_lines, customer_id, warehouse_id, reference, lines, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_stock_history(self, customer_id, filters=None, offset=0, before=None):
        return self.db.read(stock_history.list_stock_history, customer_id, filters, offset, before)

    @rpc(expected_exceptions=EXPECTED)
    def list_stock_history_of_all_customers(self, filters=None, offset=0, before=None):
        return self.db.read(stock_history.list_stock_history_of_all_customers, filters, offset, before)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_as_of(self, customer_id, at):
        return self.db.read(stock_history.stock_as_of, customer_id, at)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_over_time(self, customer_id, product_id, filters=None):
        return self.db.read(stock_over_time.get_stock_over_time, customer_id, product_id, filters)

    @rpc(expected_exceptions=EXPECTED)
    def reserve_order_lines(self, customer_id, warehouse_id, lines):
        return self.db.change(reserving.reserve_order_lines, customer_id, warehouse_id, lines)

    @rpc(expected_exceptions=EXPECTED)
    def reserve_orders_lines(self, requests):
        return self.db.change(reserving.reserve_orders_lines, requests)

    @rpc(expected_exceptions=EXPECTED)
    def release_order_lines(self, customer_id, warehouse_id, lines):
        return self.db.change(reservations.release_order_lines, customer_id, warehouse_id, lines)

    @rpc(expected_exceptions=EXPECTED)
    def get_order_line_reservations(self, customer_id, order_line_ids):
        return self.db.read(reservations.get_order_line_reservations, customer_id, order_line_ids)

    @rpc(expected_exceptions=EXPECTED)
    def consume_order_lines(self, customer_id, warehouse_id, picklist, lines):
        return self.db.change(reservations.consume_order_lines, customer_id, warehouse_id, picklist, lines)

    @timer(interval=WAITING_RECONCILE_SECONDS)
    def serve_lines_waiting_beside_free_stock(self):
        waiting_reconciliation.reconcile(self.db)

    @event_handler("accounts", "customer_created")
    def handle_customer_created(self, payload):
        self.db.change(customers.apply_customer_created, payload)
