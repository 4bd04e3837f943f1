"""What the fault tests do through the API, and the faults they inject."""
import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import requests
from nameko.standalone.rpc import ClusterRpcProxy

from e2e_api import create_customer, create_product

from devstack.stack import Stack
from servicekit.config import env

FAULTS_AMQP_URI = env("FAULTS_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/fulfilment_faults")
SERVICE_RPC_TIMEOUT = 2  # seconds an RPC proxy inside a service waits
RPC_TIMEOUT = 4  # seconds the gateway waits
ALLOCATION_RECONCILE_SECONDS = 2  # how often orders repairs half-done allocations
BOOKING_RECONCILE_SECONDS = 2  # how often purchasing asks again for receipts catalog has not booked
# As production runs them: two processes of every service that keeps stock, orders or mail,
# so that every fault and concurrency test also shows that replicas share the work safely.
REPLICAS = {"accounts": 2, "catalog": 2, "orders": 2, "purchasing": 2}
PASSWORD = "faults-lighthouse-41"
ADDRESS = {"deliveryname": "Outdoor Shop Utrecht", "deliveryaddress": "Oudegracht 10",
           "deliveryzipcode": "3511 AB", "deliverycity": "Utrecht", "deliverycountry": "NL"}
# What a client retries: the gateway or a service did not answer (yet).
UNAVAILABLE = {502, 503, 504}


@dataclass(frozen=True)
class Shop:
    """A client whose orders are processed at once in its own warehouse, with a portal login."""
    customer_id: int
    warehouse_id: int
    product_ids: list[int]
    username: str


def open_shop(operator: requests.Session, base_url: str, rpc: ClusterRpcProxy, stock: list[int]) -> Shop:
    """A new client with one product per entry of `stock`, each with that much in the warehouse."""
    name = f"Faults {uuid.uuid4().hex[:6]}"
    warehouse_id = rpc.catalog.create_warehouse(f"{name} warehouse")["idwarehouse"]
    username = name.lower().replace(" ", "-")
    customer_id = create_customer(operator, base_url, name=f"{name} BV", can_login=True, username=username,
                                  password=PASSWORD, language="en", preferred_idwarehouse=warehouse_id,
                                  idwarehouse_purchaseorders=warehouse_id,
                                  process_orders_at_once=True)["idfulfilment_customer"]
    deadline = time.monotonic() + 15
    while not rpc.orders.get_order_rules(customer_id).get("process_orders_at_once"):
        assert time.monotonic() < deadline, "orders never heard of the client's rules"
        time.sleep(0.1)
    product_ids = []
    for number, amount in enumerate(stock):
        product_id = create_product(operator, base_url, customer_id, f"{name}-{number}").json()["idproduct"]
        receipt = operator.post(f"{base_url}/api/v1/products/{product_id}/stock/{warehouse_id}",
                                json={"change": amount, "reason": "first receipt"})
        assert receipt.status_code == 201, receipt.text
        product_ids.append(product_id)
    return Shop(customer_id, warehouse_id, product_ids, username)


def order_body(shop: Shop, reference: str, rng: random.Random, lines: int = 3) -> dict:
    products = [{"idproduct": product_id, "amount": rng.randint(1, 3)}
                for product_id in rng.sample(shop.product_ids, lines)]
    return {**ADDRESS, "idfulfilment_customer": shop.customer_id, "reference": reference, "products": products}


def client(operator: requests.Session) -> requests.Session:
    """A session of its own for a client thread (a requests.Session is not thread-safe)."""
    session = requests.Session()
    session.auth = operator.auth
    return session


def send(session: requests.Session, method: str, url: str, *, until: float, timeout: float = 10,
         **kwargs) -> requests.Response | None:
    """A request retried as a client would (the same body, and for a create the same
    `Idempotency-Key`, which makes it idempotent) while the system is unavailable, until the
    monotonic time `until`. A create whose first attempt still runs (409 for its key) is retried
    too. The last answer, or None if none came."""
    retried_statuses = UNAVAILABLE | ({409} if "Idempotency-Key" in kwargs.get("headers", {}) else set())
    response = None
    while True:
        try:
            response = session.request(method, url, timeout=max(min(timeout, until - time.monotonic()), 0.5),
                                       **kwargs)
            if response.status_code not in retried_statuses:
                return response
        except requests.RequestException:
            response = None
        if time.monotonic() + 0.5 >= until:
            return response
        time.sleep(0.5)


def reserved(session: requests.Session, url: str, *, until: float) -> dict:
    """The order at `url` once its stock is reserved or waits (an order processed at once is
    answered before the system reserves its stock), retried while the system is unavailable."""
    while True:
        response = send(session, "GET", url, until=until)
        assert response is not None and response.ok, f"{url}: {response.text if response is not None else 'no answer'}"
        if response.json()["stock_reservation"] != "asked":
            return response.json()
        assert time.monotonic() < until, f"{url}: its stock was not reserved in time"
        time.sleep(0.2)


def once(reference: str) -> dict:
    """The header that makes retries of one create make it once (an order's reference does not:
    as in Picqer, two orders may share one)."""
    return {"Idempotency-Key": reference}


@dataclass(frozen=True)
class Answer:
    """One request's answer, or why there was none, and how long it took."""
    response: requests.Response | None
    seconds: float
    error: str = ""

    @property
    def status(self) -> int | None:
        return self.response.status_code if self.response is not None else None

    def __str__(self) -> str:
        answered = self.status if self.response is not None else f"no answer ({self.error})"
        return f"{answered} after {self.seconds:.1f} s"


def timed(session: requests.Session, method: str, url: str, timeout: float, **kwargs) -> Answer:
    """One request, not retried."""
    started = time.monotonic()
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except requests.RequestException as error:
        return Answer(None, time.monotonic() - started, f"{type(error).__name__}: {error}"[:200])
    return Answer(response, time.monotonic() - started)


@contextmanager
def stock_arriving(operator: requests.Session, base_url: str, shop: Shop) -> Iterator[None]:
    """A receipt of one of the shop's products every 1.5 s while inside, filling backorders while
    faults happen. Not retried: a receipt is not idempotent."""
    done = threading.Event()

    def receive() -> None:
        session, rng = client(operator), random.Random(0)
        while not done.wait(1.5):
            product_id = rng.choice(shop.product_ids)
            timed(session, "POST", f"{base_url}/api/v1/products/{product_id}/stock/{shop.warehouse_id}", 10,
                  json={"change": 4, "reason": "receipt during a fault"})

    receiving = threading.Thread(target=receive)
    receiving.start()
    try:
        yield
    finally:
        done.set()
        receiving.join(timeout=15)


def close_broker_connections(amqp_uri: str) -> None:
    """Close every connection of the stack's vhost from the broker's side, as a broker restart or
    a network cut does; no other vhost's."""
    vhost = unquote(urlsplit(amqp_uri).path[1:])
    assert vhost not in ("", "/"), "the fault tests run on a vhost of their own"
    subprocess.run(["rabbitmqctl", "--quiet", "close_all_connections", "-p", vhost, "fault test"],
                   check=True, capture_output=True, timeout=30)


def is_running(pid: int) -> bool:
    """Whether the process exists and has not exited (a zombie has)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def not_running(stack: Stack, timeout: float = 0) -> list[str]:
    """The processes of the stack not running (a restart given `timeout` seconds to finish)."""
    deadline = time.monotonic() + timeout
    while True:
        down = [name for name in stack.settings.process_names() if not is_running(stack.processes.pid(name))]
        if not down or time.monotonic() >= deadline:
            return down
        time.sleep(0.2)


def restart_a_replica(stack: Stack, service: str, signum: int = signal.SIGKILL,
                      meanwhile: Callable[[], None] = lambda: None) -> None:
    """Stop the service's first replica with `signum` (SIGKILL: a crash; SIGTERM: a rolling
    restart) while the others carry on, do `meanwhile`, and wait until the supervisor has started
    it again and it takes requests."""
    replica = stack.settings.replica_names(service)[0]
    pid = stack.processes.pid(replica)
    os.kill(pid, signum)
    meanwhile()
    stack.processes.wait_restarted(replica, pid, timeout=30)
    stack.wait_until_consuming([service], timeout=60)
