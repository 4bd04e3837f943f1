"""Orders placed and stock arriving, as the service tests of allocation and picking use them."""
import time

import eventlet
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter

from orders_fakes import ACME

WAREHOUSE = 1
MUG, CUP = 11, 12
ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


def place(rpc, *lines, customer=ACME):
    products = [{"idproduct": product, "amount": amount} for product, amount in lines]
    return rpc.create_order(customer, {**ADDRESS, "products": products}, "portal", "anna")["order"]


def stock_arrives(catalog, container, config, product, amount):
    """catalog receives stock, serves waiting lines and announces it; wait until orders recorded it."""
    payload = catalog.receive(product, WAREHOUSE, amount)
    with entrypoint_waiter(container, "handle_reservations_filled", timeout=10):
        event_dispatcher(config)("catalog", "reservations_filled", payload)
    return payload


def once_answered(rpc, order: dict, customer=ACME, timeout: float = 10) -> dict:
    """The order as it stands once catalog's answer for a new order's stock is recorded (the
    allocator asks after the order was answered)."""
    deadline = time.monotonic() + timeout
    while True:
        found = rpc.get_order(customer, order["idorder"])
        if found["stock_reservation"] != "asked" or time.monotonic() > deadline:
            return found
        eventlet.sleep(0.02)
