"""The webshop_gateway service's RPC entrypoints; each is listed in `webshop_gateway.contract`.

Every method that touches a client's data takes `customer_id` first and answers only for that
customer."""
from servicekit.health import FulfilmentService
from servicekit.rpc import rpc
from webshop_gateway import __version__, connections
from webshop_gateway.exceptions import EXPECTED


class WebshopGatewayService(FulfilmentService):
    name = "webshop_gateway"
    version = __version__

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
