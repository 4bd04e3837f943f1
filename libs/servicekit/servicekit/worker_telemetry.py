"""What each worker of a service (an RPC answered, an event handled, a timer's round) leaves for
operations to see: the request id it works for, and its count and time in the metrics.

The request id comes with the message (`nameko.request_id`, set by the gateway or by the service
that called or published); a worker without one (a timer, a caller that sent none) gets its own.
It is put back into the worker's context data, which nameko sends along with every RPC the worker
makes, and it is the current one (`telemetry.request_ids`) for the worker's log lines, the events
it writes to the outbox and the mail it queues.
"""
import time

from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc
from nameko.timer import Timer
from prometheus_client import Counter, Histogram
from telemetry import request_ids

from servicekit.rpc import OPERATIONAL_ERRORS

RPC_HANDLED = Counter("fulfilment_rpc_handled", "RPC requests a service answered, by method and outcome "
                      "(ok; refused: an expected error such as bad input; unavailable: a service it "
                      "needed did not answer; failed: an unexpected error)", ["service", "method", "outcome"])
RPC_SECONDS = Histogram("fulfilment_rpc_handled_seconds", "How long a service took to answer an RPC request",
                        ["service", "method"])
EVENTS_HANDLED = Counter("fulfilment_events_handled", "Events a service's handlers took, by handler and outcome",
                         ["service", "handler", "outcome"])
TIMER_RUNS = Counter("fulfilment_timer_runs", "Rounds of a service's timers (mail, reconciliation), by outcome",
                     ["service", "timer", "outcome"])


def outcome(entrypoint, exc_info) -> str:
    if exc_info is None:
        return "ok"
    error = exc_info[1]
    if isinstance(error, OPERATIONAL_ERRORS):
        return "unavailable"
    if isinstance(error, entrypoint.expected_exceptions or ()):
        return "refused"
    return "failed"


class WorkerTelemetry(DependencyProvider):
    def setup(self) -> None:
        self._started: dict[int, float] = {}

    def worker_setup(self, worker_ctx) -> None:
        request_id = worker_ctx.data.get(request_ids.CONTEXT_KEY) or request_ids.new()
        worker_ctx.data[request_ids.CONTEXT_KEY] = request_id  # `context_data` is a copy of it
        # Each worker runs in a greenthread of its own, whose context ends with it.
        request_ids.set_current(request_id)
        self._started[id(worker_ctx)] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None) -> None:
        seconds = time.perf_counter() - self._started.pop(id(worker_ctx), time.perf_counter())
        entrypoint, service = worker_ctx.entrypoint, self.container.service_name
        name = entrypoint.method_name
        if isinstance(entrypoint, Rpc):
            RPC_HANDLED.labels(service, name, outcome(entrypoint, exc_info)).inc()
            RPC_SECONDS.labels(service, name).observe(seconds)
        elif isinstance(entrypoint, EventHandler):
            EVENTS_HANDLED.labels(service, name, outcome(entrypoint, exc_info)).inc()
        elif isinstance(entrypoint, Timer):
            TIMER_RUNS.labels(service, name, outcome(entrypoint, exc_info)).inc()

    def worker_teardown(self, worker_ctx) -> None:
        self._started.pop(id(worker_ctx), None)  # a worker that ended without a result
