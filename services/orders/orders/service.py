"""The orders service's RPC entrypoints; each is listed in `orders.contract`."""

from orders import __version__
from servicekit.health import FulfilmentService


class OrdersService(FulfilmentService):
    name = "orders"
    version = __version__
