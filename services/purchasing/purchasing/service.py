"""The purchasing service's RPC entrypoints; each is listed in `purchasing.contract`."""

from purchasing import __version__
from servicekit.health import FulfilmentService


class PurchasingService(FulfilmentService):
    name = "purchasing"
    version = __version__
