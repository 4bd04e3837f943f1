"""The catalog service's entrypoints: parse, call one domain function, return a dict.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer. Every method is listed, with its arguments and result, in `catalog.contract`.
"""
from nameko.events import event_handler
from nameko.rpc import rpc

from catalog import __version__, customers, products, stock, warehouses
from catalog.exceptions import EXPECTED
from servicekit.health import FulfilmentService


class CatalogService(FulfilmentService):
    name = "catalog"
    version = __version__

    @rpc(expected_exceptions=EXPECTED)
    def create_warehouse(self, name):
        with self.db.unit_of_work() as uow:
            warehouse = warehouses.create_warehouse(uow.session, name)
            uow.commit()
        return warehouse

    @rpc
    def list_warehouses(self):
        with self.db.unit_of_work() as uow:
            return warehouses.list_warehouses(uow.session)

    @rpc(expected_exceptions=EXPECTED)
    def create_product(self, customer_id, data):
        with self.db.unit_of_work() as uow:
            product = products.create_product(uow, customer_id, data)
            uow.commit()
        return product

    @rpc(expected_exceptions=EXPECTED)
    def get_product(self, customer_id, product_id):
        with self.db.unit_of_work() as uow:
            return products.get_product(uow.session, customer_id, product_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_product_of_any_customer(self, product_id):
        with self.db.unit_of_work() as uow:
            return products.get_product_of_any_customer(uow.session, product_id)

    @rpc
    def list_products(self, customer_id, offset=0, search=None):
        with self.db.unit_of_work() as uow:
            return products.list_products(uow.session, customer_id, offset, search)

    @rpc
    def list_products_of_all_customers(self, offset=0):
        with self.db.unit_of_work() as uow:
            return products.list_products_of_all_customers(uow.session, offset)

    @rpc
    def find_products(self, customer_id, product_ids=(), productcodes=()):
        with self.db.unit_of_work() as uow:
            return products.find_products(uow.session, customer_id, product_ids, productcodes)

    @rpc
    def count_products(self, customer_id):
        with self.db.unit_of_work() as uow:
            return products.count_products(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def change_stock(self, customer_id, product_id, warehouse_id, change, reason):
        with self.db.unit_of_work() as uow:
            level = stock.change_stock(uow, customer_id, product_id, warehouse_id, change, reason)
            uow.commit()
        return level

    @event_handler("accounts", "customer_created")
    def handle_customer_created(self, payload):
        with self.db.unit_of_work() as uow:
            if customers.apply_customer_created(uow, payload):
                uow.commit()
