"""The allocator: stock for orders placed through the API (and from webshops) is asked of catalog
after the client has its answer, in batches.

A worker that committed a new order asking for its stock (`stock_reservation: "asked"`) hands it
over and answers at once; the allocator, a greenthread of the orders service, takes whatever
waits (up to `BATCH_LIMIT` orders), asks catalog once for all of it (`reserve_orders_lines`:
one transaction in catalog) and records every answer in one orders transaction, with the events
the single path publishes, each listing the whole batch's orders of its kind (`orders_processed`
and `orders_allocated` or `orders_backordered`; a refusal makes the order a concept again). So at 16 concurrent clients an order no longer pays a
catalog RPC and a recording transaction of its own, and at one client the answer waits for
neither.

Nothing here is needed for correctness: an order handed over is committed as asked, so if the
process dies with orders waiting in memory, or catalog does not answer, the reconciliation
(`stock_reservations.ask_again`, every `ALLOCATION_RECONCILE_SECONDS`) asks again.

The rules are plain functions (`requests_for`, `outcomes`); `OrderAllocator` is the nameko
dependency around them.
"""
import logging
import time
from dataclasses import dataclass

import eventlet
import eventlet.event
import eventlet.semaphore
from eventlet.queue import Empty, LightQueue
from nameko.containers import WorkerContext
from nameko.exceptions import RemoteError
from nameko.extensions import DependencyProvider

from orders import allocation, first_answer, recording_statements
from servicekit.config import env
from servicekit.database import ServiceDatabase
from servicekit.rpc import ServiceUnavailable
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

BATCH_LIMIT = 100
# When more orders than this wait for the allocator, a new order's answer waits until a batch is
# recorded: intake faster than catalog and the recording can follow would leave stock unreserved
# for longer and longer (issue 11: every order reserved within 2 s of the last answer). The
# allocator is one greenthread among the workers of a busy process, so it can fall behind.
BACKLOG_LIMIT = 50
# Greenthreads taking batches: while one waits for catalog, another records its answers.
ALLOCATORS = 2
# How long a batch gathers after its first order before it goes to catalog. A batch costs a
# catalog call, two transactions and a set of events whatever its size; at one client, orders
# come 10-15 ms apart, and batches of 3-4 paid most of it per order (CPU both cores share with
# the intake: bench/README.md). Stock is reserved this much later, well within the 2 s the
# allocator must keep to.
LINGER_SECONDS = float(env("ALLOCATION_LINGER_SECONDS", "0.25"))


@dataclass(frozen=True)
class Outcome:
    """Catalog's answer for one order of a batch: what its lines hold, or why it refused."""

    order: dict
    reservations: list[dict] | None = None
    refusal: str | None = None


def requests_for(orders: list[dict]) -> tuple[list[dict], list[dict]]:
    """The orders (as committed) that still ask for their stock, and catalog's request for each,
    in the same order (`reserve_orders_lines`)."""
    asking, requests, seen = [], [], set()
    for order in orders:
        request = allocation.reservation_request(order)
        if request is not None and order["idorder"] not in seen:  # handed over twice (a repeated create)
            seen.add(order["idorder"])
            asking.append(order)
            requests.append({"customer_id": order["idfulfilment_customer"], **request})
    return asking, requests


def outcomes(orders: list[dict], answers: list[dict]) -> list[Outcome]:
    """Catalog's answers, one per request, paired with their orders and put in the order the
    recording locks them (by order id, as every transaction that locks several orders does)."""
    if len(answers) != len(orders):
        raise ValueError(f"catalog answered {len(answers)} of {len(orders)} orders")
    paired = [Outcome(order, answer["reservations"]) if "reservations" in answer
              else Outcome(order, refusal=f"{answer['refused']['message']}") for order, answer in zip(orders, answers)]
    return sorted(paired, key=lambda outcome: outcome.order["idorder"])


def record_outcome(uow: UnitOfWork, outcome: Outcome) -> dict:
    order = outcome.order
    if outcome.reservations is None:
        return allocation.undo_processing(uow, order["idfulfilment_customer"], order["idorder"], outcome.refusal)
    return first_answer.record_first_reservations(uow, order, outcome.reservations)


def record_outcomes(uow: UnitOfWork, batch: list[Outcome]) -> list[dict]:
    """Every answer of a batch recorded in one transaction: the refusals, then what the others
    hold, all of them in a handful of statements (`first_answer.record_first_answers`)."""
    recording_statements.lock_orders(uow, [outcome.order["idorder"] for outcome in batch])
    refused = {outcome.order["idorder"]: record_outcome(uow, outcome) for outcome in batch
               if outcome.reservations is None}
    held = [outcome for outcome in batch if outcome.reservations is not None]
    recorded = first_answer.record_first_answers(uow, [(outcome.order, outcome.reservations) for outcome in held])
    by_order = {**refused, **{outcome.order["idorder"]: order for outcome, order in zip(held, recorded)}}
    return [by_order[outcome.order["idorder"]] for outcome in batch]


def allocate(db: ServiceDatabase, catalog, orders: list[dict]) -> None:
    """Ask catalog for the stock of `orders` (as committed) in one call and record its answers in
    one transaction. Whatever fails is left asked, for the reconciliation."""
    asking, requests = requests_for(orders)
    if not requests:
        return
    started = time.perf_counter()
    try:
        batch = outcomes(asking, catalog.reserve_orders_lines(requests))
    except (ServiceUnavailable, RemoteError, ValueError) as error:
        log.warning("%s orders: stock not reserved yet (%s); asked again later", len(asking), error)
        return
    answered = time.perf_counter()
    try:
        db.change(record_outcomes, batch)
    except Exception:  # one order changed under us in a way the batch cannot take: each on its own
        log.warning("recording %s answers at once failed; recording each on its own", len(batch), exc_info=True)
        for outcome in batch:
            try:
                db.change(record_outcome, outcome)
            except Exception:
                log.exception("order %s: catalog's answer not recorded; asked again later", outcome.order["idorder"])
    for outcome in batch:
        if outcome.refusal is not None:
            log.warning("order %s not processed: catalog refused its stock (%s)", outcome.order["idorder"],
                        outcome.refusal)
    log.info("%s orders: catalog answered in %.0f ms, its answers recorded in %.0f ms", len(batch),
             (answered - started) * 1000, (time.perf_counter() - answered) * 1000)


class _Allocating:
    """What the allocator's worker context names as its entrypoint (nameko's call ids)."""

    method_name = "allocate"


class OrderAllocator(DependencyProvider):
    """`allocator = OrderAllocator()`; `self.allocator(order)` hands over an order as committed
    (asking for its stock) and returns at once. Uses the service's own `db` and `catalog`."""

    def setup(self) -> None:
        self._waiting: LightQueue = LightQueue()
        self._batch_recorded = eventlet.event.Event()
        self._gathering = eventlet.semaphore.Semaphore()  # one batch gathers at a time
        self._running = False

    def start(self) -> None:
        self._running = True
        for _ in range(ALLOCATORS):
            self.container.spawn_managed_thread(self._allocate_forever)

    def stop(self) -> None:
        # What still waits is committed as asked: the reconciliation of whichever replica runs
        # next asks for it. The batch in flight ends (or is killed with the container).
        self._running = False
        for _ in range(ALLOCATORS):
            self._waiting.put(None)
        self._recorded()
        eventlet.sleep(0)  # it wakes and ends before the container's threads are killed

    def get_dependency(self, worker_ctx):
        return self._hand_over

    def _hand_over(self, order: dict) -> None:
        self._waiting.put(order)
        while self._running and self._waiting.qsize() > BACKLOG_LIMIT:
            self._batch_recorded.wait()

    def _recorded(self) -> None:
        recorded, self._batch_recorded = self._batch_recorded, eventlet.event.Event()
        recorded.send()

    def _allocate_forever(self) -> None:
        context = WorkerContext(self.container, None, _Allocating())
        db, catalog = self._neighbour("db", context), self._neighbour("catalog", context)
        while self._running:
            batch = self._next_batch()
            if batch:
                try:
                    allocate(db, catalog, batch)
                except Exception:
                    log.exception("allocating %s orders failed; asked again later", len(batch))
                    eventlet.sleep(0.1)
                self._recorded()

    def _next_batch(self) -> list[dict]:
        """The first order that waits, and what comes within `LINGER_SECONDS` of it. One
        allocator gathers while the other works on its batch, so two do not split the orders."""
        with self._gathering:
            batch = [self._waiting.get()]
            until = time.monotonic() + LINGER_SECONDS
            while len(batch) < BATCH_LIMIT and batch[-1] is not None:  # a None: stop (one for each allocator)
                try:
                    batch.append(self._waiting.get(timeout=max(until - time.monotonic(), 0)))
                except Empty:
                    break
        return [order for order in batch if order is not None]

    def _neighbour(self, name: str, worker_ctx: WorkerContext):
        provider = next(dependency for dependency in self.container.dependencies if dependency.attr_name == name)
        return provider.get_dependency(worker_ctx)
