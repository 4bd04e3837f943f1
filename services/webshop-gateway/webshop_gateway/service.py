"""The webshop_gateway service's RPC entrypoints; each is listed in `webshop_gateway.contract`.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer."""
from nameko.events import event_handler
from nameko.timer import timer

from servicekit.health import FulfilmentService
from servicekit.rpc import RpcProxy, rpc
from webshop_gateway import __version__, connection_test, connections, polling, reconciliation, seen_orders, shop_updates, stock_full_push, stock_push, sync_health, tracking_push, webhooks
from webshop_gateway.exceptions import EXPECTED


class WebshopGatewayService(FulfilmentService):
    name = "webshop_gateway"
    version = __version__
    database_readings = (shop_updates.BACKLOG_READING,)

    orders = RpcProxy("orders")
    catalog = RpcProxy("catalog")

    @timer(interval=1)
    def poll_webshops(self):
        """Each second: the shops that are due are read (every WEBSHOP_POLL_SECONDS, later after
        failures), and orders is asked for what waits to be imported."""
        polling.poll_due_shops(self.db, self.orders)

    @timer(interval=1)
    def push_shop_updates(self):
        """Each second: what is due to go back to the shops (tracking codes of parcels that can
        no longer be cancelled, and those whose shop asked us to try later) is sent."""
        tracking_push.push_due_updates(self.db)

    @timer(interval=1)
    def push_stock_levels(self):
        """Each second: free stock that changed is set in the shops that opted in (coalesced per product),
        and a page of each shop just switched on is queued in full."""
        if self.db.read_statement(stock_full_push.any_due):  # idle: this one SELECT and no more
            stock_full_push.queue_next_pages(self.db, self.catalog)
            stock_push.push_due_stock(self.db, self.catalog)

    @event_handler("catalog", "free_stock_changed")
    def handle_free_stock_changed(self, payload):
        stock_push.hear_free_stock_change(self.db, payload)

    @event_handler("orders", "order_shipped")
    def handle_order_shipped(self, payload):
        shop_updates.hear_shipment(self.db, payload, shop_updates.record_shipment)

    @event_handler("orders", "shipment_cancelled")
    def handle_shipment_cancelled(self, payload):
        shop_updates.hear_shipment(self.db, payload, shop_updates.withdraw_shipment)

    @rpc(expected_exceptions=EXPECTED)
    def link_webshop(self, customer_id, data, created_by):
        return self.db.change(connections.link_webshop, customer_id, data, created_by)

    @rpc(expected_exceptions=EXPECTED)
    def unlink_webshop(self, customer_id, webshop_id, removed_by):
        return self.db.change(connections.unlink_webshop, customer_id, webshop_id, removed_by)

    @rpc(expected_exceptions=EXPECTED)
    def get_webshop(self, customer_id, webshop_id):
        return self.db.read(connections.get_webshop, customer_id, webshop_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_webshop_of_any_customer(self, webshop_id):
        return self.db.read(connections.get_webshop_of_any_customer, webshop_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_webshops(self, customer_id, idwebshops=None):
        return self.db.read(connections.list_webshops, customer_id, idwebshops)

    @rpc(expected_exceptions=EXPECTED)
    def list_webshops_of_all_customers(self, offset=0):
        return self.db.read(connections.list_webshops_of_all_customers, offset)

    @rpc(expected_exceptions=EXPECTED)
    def list_seen_orders(self, customer_id, webshop_id, offset=0, outcome=None):
        return self.db.read(seen_orders.list_seen_orders, customer_id, webshop_id, offset, outcome)

    @rpc(expected_exceptions=EXPECTED)
    def retry_seen_order(self, customer_id, webshop_id, seen_order_id):
        return polling.retry_seen_order(self.db, self.orders, customer_id, webshop_id, seen_order_id)

    @rpc(expected_exceptions=EXPECTED)
    def receive_webhook(self, webhook_token, headers, body_base64):
        return webhooks.receive_webhook(self.db, webhook_token, headers, body_base64)

    @rpc(expected_exceptions=EXPECTED)
    def list_shop_updates(self, customer_id, webshop_id, offset=0):
        return self.db.read(shop_updates.list_shop_updates, customer_id, webshop_id, offset)

    @rpc(expected_exceptions=EXPECTED)
    def retry_shop_update(self, customer_id, webshop_id, shop_update_id):
        return self.db.change(shop_updates.retry_shop_update, customer_id, webshop_id, shop_update_id)

    @rpc(expected_exceptions=EXPECTED)
    def test_webshop_connection(self, customer_id, webshop_id, webhook_url, tested_by):
        return connection_test.run_connection_test(self.db, customer_id, webshop_id, webhook_url, tested_by)

    @rpc(expected_exceptions=EXPECTED)
    def get_last_connection_test(self, customer_id, webshop_id):
        return self.db.read(connection_test.last_connection_test, customer_id, webshop_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_sync_health(self, customer_id, webshop_id):
        return self.db.read(sync_health.get_sync_health, customer_id, webshop_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_stock_push(self, customer_id, webshop_id, enabled):
        return self.db.change(stock_push.set_stock_push, customer_id, webshop_id, enabled)

    @rpc(expected_exceptions=EXPECTED)
    def get_stock_reconciliation(self, customer_id, webshop_id, offset=0):
        return reconciliation.reconcile(self.db, self.catalog, customer_id, webshop_id, offset)
