"""The orders service's RPC entrypoints: parse, call one domain function, return a dict.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer. Every method is listed, with its arguments and result, in `orders.contract`.
"""
from nameko.events import event_handler
from nameko.rpc import RpcProxy, rpc

from orders import __version__, allocation, changes, current_order, lookup, placing
from orders.exceptions import EXPECTED
from servicekit.health import FulfilmentService


class OrdersService(FulfilmentService):
    name = "orders"
    version = __version__

    catalog = RpcProxy("catalog")

    @rpc(expected_exceptions=EXPECTED)
    def create_order(self, customer_id, data, source, created_by, idempotency_key=None):
        with self.db.unit_of_work() as uow:
            result = placing.create_order(uow, customer_id, data, source, created_by, idempotency_key,
                                          self.catalog.find_products)
            uow.commit()
        return result

    @rpc(expected_exceptions=EXPECTED)
    def get_order(self, customer_id, order_id):
        with self.db.unit_of_work() as uow:
            return lookup.get_order(uow.session, customer_id, order_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_order_of_any_customer(self, order_id):
        with self.db.unit_of_work() as uow:
            return lookup.get_order_of_any_customer(uow.session, order_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_orders(self, customer_id, offset=0, filters=None):
        with self.db.unit_of_work() as uow:
            return lookup.list_orders(uow.session, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_orders_of_all_customers(self, offset=0, filters=None):
        with self.db.unit_of_work() as uow:
            return lookup.list_orders_of_all_customers(uow.session, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def cancel_order(self, customer_id, order_id, cancelled_by):
        with self.db.unit_of_work() as uow:
            order = changes.cancel_order(uow, customer_id, order_id, cancelled_by,
                                         self.catalog.release_reservation)
            uow.commit()
        return order

    @rpc(expected_exceptions=EXPECTED)
    def change_delivery_address(self, customer_id, order_id, address, changed_by):
        with self.db.unit_of_work() as uow:
            order = changes.change_delivery_address(uow, customer_id, order_id, address, changed_by)
            uow.commit()
        return order

    @rpc(expected_exceptions=EXPECTED)
    def duplicate_order(self, customer_id, order_id, created_by):
        with self.db.unit_of_work() as uow:
            order = changes.duplicate_order(uow, customer_id, order_id, created_by, self.catalog.find_products)
            uow.commit()
        return order

    @rpc(expected_exceptions=EXPECTED)
    def add_order_comment(self, customer_id, order_id, body, author):
        with self.db.unit_of_work() as uow:
            order = changes.add_comment(uow, customer_id, order_id, body, author)
            uow.commit()
        return order

    @rpc(expected_exceptions=EXPECTED)
    def set_order_tags(self, customer_id, order_id, tags, changed_by):
        with self.db.unit_of_work() as uow:
            order = changes.set_tags(uow, customer_id, order_id, tags, changed_by)
            uow.commit()
        return order

    @rpc(expected_exceptions=EXPECTED)
    def process_order(self, customer_id, order_id, warehouse_id, processed_by):
        with self.db.unit_of_work() as uow:
            order = allocation.process_order(uow, customer_id, order_id, warehouse_id, processed_by,
                                             self.catalog.reserve_stock)
            uow.commit()
        return order

    @rpc(expected_exceptions=EXPECTED)
    def list_backorders(self, customer_id, offset=0, filters=None):
        with self.db.unit_of_work() as uow:
            return lookup.list_backorders(uow.session, customer_id, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def list_backorders_of_all_customers(self, offset=0, filters=None):
        with self.db.unit_of_work() as uow:
            return lookup.list_backorders_of_all_customers(uow.session, offset, filters)

    @rpc(expected_exceptions=EXPECTED)
    def get_current_order(self, customer_id, user_id):
        with self.db.unit_of_work() as uow:
            result = current_order.get_current_order(uow, customer_id, user_id, self.catalog.find_products)
            uow.commit()
        return result

    @rpc
    def count_current_order_lines(self, customer_id, user_id):
        with self.db.unit_of_work() as uow:
            return current_order.count_lines(uow.session, customer_id, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_current_order_line(self, customer_id, user_id, product_id, amount):
        with self.db.unit_of_work() as uow:
            result = current_order.set_line(uow, customer_id, user_id, product_id, amount, self.catalog.find_products)
            uow.commit()
        return result

    @rpc(expected_exceptions=EXPECTED)
    def update_current_order(self, customer_id, user_id, details):
        with self.db.unit_of_work() as uow:
            result = current_order.update_details(uow, customer_id, user_id, details)
            uow.commit()
        return result

    @rpc(expected_exceptions=EXPECTED)
    def place_current_order(self, customer_id, user_id, version, created_by):
        with self.db.unit_of_work() as uow:
            order = current_order.place(uow, customer_id, user_id, version, created_by, self.catalog.find_products)
            uow.commit()
        return order

    @event_handler("catalog", "stock_changed")
    def handle_stock_changed(self, payload):
        stock = payload["stock"]
        with self.db.unit_of_work() as uow:
            if not uow.first_delivery(payload, "orders.handle_stock_changed"):
                return
            allocation.fill_backorders(uow, stock["idproduct"], stock["idwarehouse"], self.catalog.reserve_stock)
            uow.commit()
