"""The catalog service's entrypoints: parse, call one domain function, return a dict.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer. Every method is listed, with its arguments and result, in `catalog.contract`.
"""
from nameko.events import event_handler
from nameko.rpc import rpc

from catalog import __version__, customers, images, product_import, products, reservations, stock, stock_history, warehouses
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
    def update_product(self, customer_id, product_id, data):
        with self.db.unit_of_work() as uow:
            product = products.update_product(uow, customer_id, product_id, data)
            uow.commit()
        return product

    @rpc(expected_exceptions=EXPECTED)
    def import_products(self, customer_id, rows):
        with self.db.unit_of_work() as uow:
            result = product_import.import_products(uow, customer_id, rows)
            if not result["errors"]:
                uow.commit()
        return result

    @rpc(expected_exceptions=EXPECTED)
    def get_product(self, customer_id, product_id):
        with self.db.unit_of_work() as uow:
            return products.get_product(uow.session, customer_id, product_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_product_of_any_customer(self, product_id):
        with self.db.unit_of_work() as uow:
            return products.get_product_of_any_customer(uow.session, product_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_products(self, customer_id, offset=0, search=None, filters=None):
        with self.db.unit_of_work() as uow:
            return products.list_products(uow.session, customer_id, offset, search, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_products_of_all_customers(self, offset=0, search=None, filters=None):
        with self.db.unit_of_work() as uow:
            return products.list_products_of_all_customers(uow.session, offset, search, filters)

    @rpc
    def find_products(self, customer_id, product_ids=(), productcodes=()):
        with self.db.unit_of_work() as uow:
            return products.find_products(uow.session, customer_id, product_ids, productcodes)

    @rpc
    def count_products(self, customer_id):
        with self.db.unit_of_work() as uow:
            return products.count_products(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def add_product_image(self, customer_id, product_id, image_base64):
        with self.db.unit_of_work() as uow:
            image = images.add_product_image(uow.session, customer_id, product_id, image_base64)
            uow.commit()
        return image

    @rpc(expected_exceptions=EXPECTED)
    def list_product_images(self, customer_id, product_id):
        with self.db.unit_of_work() as uow:
            return images.list_product_images(uow.session, customer_id, product_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_product_image(self, customer_id, image_id, thumbnail=False):
        with self.db.unit_of_work() as uow:
            return images.get_product_image(uow.session, customer_id, image_id, thumbnail)

    @rpc(expected_exceptions=EXPECTED)
    def delete_product_image(self, customer_id, image_id):
        with self.db.unit_of_work() as uow:
            images.delete_product_image(uow.session, customer_id, image_id)
            uow.commit()

    @rpc
    def count_low_stock_products(self, customer_id):
        with self.db.unit_of_work() as uow:
            return products.count_low_stock_products(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_level(self, customer_id, product_id, warehouse_id):
        with self.db.unit_of_work() as uow:
            return stock.get_stock_level(uow.session, customer_id, product_id, warehouse_id)

    @rpc(expected_exceptions=EXPECTED)
    def change_stock(self, customer_id, product_id, warehouse_id, change, reason, changed_by=None):
        with self.db.unit_of_work() as uow:
            level = stock.change_stock(uow, customer_id, product_id, warehouse_id, change, reason, changed_by)
            uow.commit()
        return level

    @rpc(expected_exceptions=EXPECTED)
    def set_stock(self, customer_id, product_id, warehouse_id, amount, reason, changed_by=None):
        with self.db.unit_of_work() as uow:
            level = stock.set_stock(uow, customer_id, product_id, warehouse_id, amount, reason, changed_by)
            uow.commit()
        return level

    @rpc(expected_exceptions=EXPECTED)
    def receive_stock(self, customer_id, product_id, warehouse_id, amount, reference):
        with self.db.unit_of_work() as uow:
            level = stock.receive_stock(uow, customer_id, product_id, warehouse_id, amount, reference)
            uow.commit()
        return level

    @rpc(expected_exceptions=EXPECTED)
    def list_stock_history(self, customer_id, filters=None, offset=0, before=None):
        with self.db.unit_of_work() as uow:
            return stock_history.list_stock_history(uow.session, customer_id, filters, offset, before)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_as_of(self, customer_id, at):
        with self.db.unit_of_work() as uow:
            return stock_history.stock_as_of(uow.session, customer_id, at)

    @rpc(expected_exceptions=EXPECTED)
    def reserve_stock(self, customer_id, order_line_id, product_id, warehouse_id, amount):
        with self.db.unit_of_work() as uow:
            reservation = reservations.reserve_stock(uow, customer_id, order_line_id, product_id,
                                                     warehouse_id, amount)
            uow.commit()
        return reservation

    @rpc(expected_exceptions=EXPECTED)
    def release_reservation(self, customer_id, order_line_id):
        with self.db.unit_of_work() as uow:
            reservation = reservations.release_reservation(uow, customer_id, order_line_id)
            uow.commit()
        return reservation

    @rpc(expected_exceptions=EXPECTED)
    def consume_reservation(self, customer_id, order_line_id):
        with self.db.unit_of_work() as uow:
            reservation = reservations.consume_reservation(uow, customer_id, order_line_id)
            uow.commit()
        return reservation

    @event_handler("accounts", "customer_created")
    def handle_customer_created(self, payload):
        with self.db.unit_of_work() as uow:
            if customers.apply_customer_created(uow, payload):
                uow.commit()
