"""The webshop_gateway service's RPC entrypoints; each is listed in `webshop_gateway.contract`."""

from webshop_gateway import __version__
from servicekit.health import FulfilmentService


class WebshopGatewayService(FulfilmentService):
    name = "webshop_gateway"
    version = __version__
