"""RPC between the services, made to live with a broker that comes and goes.

Use `servicekit.rpc.rpc` and `servicekit.rpc.RpcProxy` instead of nameko's own:

- A service never dies because an answer cannot be sent (nameko's `send_response` raising would
  kill the container): the answer is dropped and logged; its caller times out.
- A request is handled at most once. A request the broker delivers again (its consumer's
  connection broke before it was acknowledged) may already have run: it is answered with
  `RequestInterrupted` instead of running twice. Callers retry what is safe to retry; every
  cross-service step is idempotent and repeated by its owner (the reconciliation in orders).
- A proxy waits at most `SERVICE_RPC_TIMEOUT` seconds, then raises `ServiceUnavailable`, as it
  does when the broker cannot be reached or the service is not running. It refuses to call at
  all while a database transaction is open (`servicekit.unit_of_work.refuse_remote_call`).
- Requests and answers are transient: published without publisher confirms and not persistent,
  and answers are taken from the reply queue without acknowledgements. A request or answer lost
  with the broker is a timeout for its caller, as it would be with confirms (a confirmed request
  can still die with its service), and each confirm or acknowledgement is a frame, a system call
  and a wake-up on both sides of every call.
"""
import inspect
import logging
import sys
import threading
import uuid
from functools import cached_property

import kombu.serialization
from kombu import Connection, Producer
from nameko import rpc as nameko_rpc
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.exceptions import IncorrectSignature, RemoteError, UnserializableValueError, serialize

from servicekit.unit_of_work import refuse_remote_call

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 5.0
# A publish to a broker that is away is retried briefly, then given up: the caller's own
# timeout, not the publisher, decides how long anyone waits.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.4, "interval_max": 1.0}


class ServiceUnavailable(Exception):
    """Another service did not answer in time, is not running, or the broker is unreachable."""


class RequestInterrupted(Exception):
    """The broker delivered this request a second time: it may have run already, so it does
    not run again. Retry it if it is safe to."""


OPERATIONAL_ERRORS = (ServiceUnavailable, RequestInterrupted)
OPERATIONAL_ERROR_NAMES = {error.__name__ for error in OPERATIONAL_ERRORS}


class _TransientPublisher:
    """Every request and answer of this process to one broker, on one connection and one kept
    producer, one message at a time (greenthreads share it; nameko's runner makes the lock green).
    kombu's producer pool, taken from and given back for every message, cost as much CPU as the
    publish itself. A connection the broker closed is opened again by the publish's retry."""

    def __init__(self, amqp_uri: str):
        self._connection = Connection(amqp_uri, transport_options={"confirm_publish": False})
        self._producer = Producer(self._connection)
        self._lock = threading.Lock()

    def publish(self, body, **properties) -> None:
        with self._lock:
            self._producer.publish(body, delivery_mode=1, retry=True, retry_policy=PUBLISH_RETRY_POLICY,
                                   **properties)


_publishers: dict[str, _TransientPublisher] = {}


def _transient_publisher(amqp_uri: str) -> _TransientPublisher:
    if amqp_uri not in _publishers:
        _publishers[amqp_uri] = _TransientPublisher(amqp_uri)
    return _publishers[amqp_uri]


class _Responder:
    """Sends an answer: encoded once, not persistent and without publisher confirms (an answer
    nobody receives is a timeout for its caller either way), with a short retry."""

    def __init__(self, amqp_uri: str, exchange, message):
        self.amqp_uri, self.exchange, self.message = amqp_uri, exchange, message

    def send_response(self, result, exc_info) -> tuple:
        error = serialize(exc_info[1]) if exc_info is not None else None
        serializer = kombu.serialization.registry.type_to_name[self.message.properties["content_type"]]
        try:
            content_type, encoding, body = kombu.serialization.dumps({"result": result, "error": error}, serializer)
        except Exception:  # as nameko does: the caller hears of it, the service lives on
            exc_info = sys.exc_info()
            error, result = serialize(UnserializableValueError(result)), None
            content_type, encoding, body = kombu.serialization.dumps({"result": None, "error": error}, serializer)
        _transient_publisher(self.amqp_uri).publish(
            body, content_type=content_type, content_encoding=encoding, exchange=self.exchange,
            routing_key=self.message.properties["reply_to"], correlation_id=self.message.properties.get("correlation_id"))
        return result, exc_info


class RpcConsumer(nameko_rpc.RpcConsumer):
    def handle_result(self, message, result, exc_info):
        try:
            responder = _Responder(self.container.config[AMQP_URI_CONFIG_KEY],
                                   nameko_rpc.get_rpc_exchange(self.container.config), message)
            result, exc_info = responder.send_response(result, exc_info)
        except Exception:
            log.warning("the answer to %s could not be sent; its caller will time out",
                        message.delivery_info.get("routing_key"), exc_info=True)
        try:
            self.queue_consumer.ack_message(message)
        except Exception:  # the connection is gone: the broker takes the message back
            log.warning("could not acknowledge %s", message.delivery_info.get("routing_key"), exc_info=True)
        return result, exc_info


class Rpc(nameko_rpc.Rpc):
    rpc_consumer = RpcConsumer()

    def __init__(self, expected_exceptions=(), **kwargs):
        if not isinstance(expected_exceptions, tuple):
            expected_exceptions = (expected_exceptions,)
        super().__init__(expected_exceptions=expected_exceptions + OPERATIONAL_ERRORS, **kwargs)

    def handle_message(self, body, message):
        if message.delivery_info.get("redelivered"):
            method = message.delivery_info.get("routing_key")
            log.warning("%s delivered again after a broken connection: answered, not run twice", method)
            error = RequestInterrupted(f"{method} was interrupted by a broken connection; retry if it is safe to")
            self.rpc_consumer.handle_result(message, None, (RequestInterrupted, error, None))
            return
        super().handle_message(body, message)

    @cached_property
    def _signature(self) -> inspect.Signature:
        return inspect.signature(getattr(self.container.service_cls, self.method_name))

    def check_signature(self, args, kwargs):
        # As nameko's, with the method's signature worked out once instead of on every call
        # (inspect.getcallargs: a tenth of a short call's CPU).
        try:
            self._signature.bind(None, *args, **kwargs)
        except TypeError as error:
            raise IncorrectSignature(str(error)) from None


rpc = Rpc.decorator


class _ReplyListener(nameko_rpc.ReplyListener):
    """nameko's reply queue, consumed without acknowledgements: an answer is wanted once, by a
    caller in this process, and one lost with the connection is a timeout like any other."""

    def setup(self):
        super().setup()
        self.queue.no_ack = True

    def handle_message(self, body, message):
        event = self._reply_events.pop(message.properties.get("correlation_id"), None)
        if event is not None:
            event.send(body)


class _MethodProxy(nameko_rpc.MethodProxy):
    def __init__(self, worker_ctx, service_name, method_name, reply_listener, timeout: float, **options):
        super().__init__(worker_ctx, service_name, method_name, reply_listener, **options)
        self.timeout = timeout

    def __call__(self, *args, **kwargs):
        return self.call_async(*args, **kwargs).result()

    def call_async(self, *args, **kwargs) -> "_Reply":
        refuse_remote_call(f"RPC {self.service_name}.{self.method_name}")
        try:
            reply = self._call(*args, **kwargs)
        except Exception as error:  # the broker unreachable, a connection closed under us
            raise ServiceUnavailable(f"{self.service_name} not reachable: {error}") from None
        return _Reply(reply.reply_event, self.reply_listener, self.timeout, f"{self.service_name}.{self.method_name}")

    def _call(self, *args, **kwargs) -> nameko_rpc.RpcReply:
        """The request, published as the answers are (`_Responder`). nameko's own waits for a
        publisher confirm so that a call to a service whose queue was never declared fails at
        once; a stopped service keeps its durable queue, so that only ever told a service that
        never ran apart, which now times out as a stopped one does."""
        correlation_id = str(uuid.uuid4())
        reply_event = self.reply_listener.get_reply_event(correlation_id)
        try:
            _transient_publisher(self.amqp_uri).publish(
                {"args": args, "kwargs": kwargs}, serializer=self.serializer,
                exchange=nameko_rpc.get_rpc_exchange(self.container.config),
                routing_key=f"{self.service_name}.{self.method_name}", reply_to=self.reply_listener.routing_key,
                correlation_id=correlation_id, headers=self.get_message_headers(self.worker_ctx))
        except Exception:
            self.reply_listener._reply_events.pop(correlation_id, None)
            raise
        return nameko_rpc.RpcReply(reply_event)


class _Reply(nameko_rpc.RpcReply):
    def __init__(self, reply_event, reply_listener, timeout: float, called: str):
        super().__init__(reply_event)
        self._reply_listener, self._timeout, self._called = reply_listener, timeout, called

    def result(self):
        if self.resp_body is None:
            self.resp_body = self.reply_event.wait(self._timeout)  # None when the time is up
            if self.resp_body is None:
                self._forget()
                raise ServiceUnavailable(f"{self._called} did not answer within {self._timeout:g} s")
        try:
            return super().result()
        except RemoteError as error:  # the other side could not do it now either: so can't we
            if error.exc_type in OPERATIONAL_ERROR_NAMES:
                raise ServiceUnavailable(f"{self._called}: {error.value}") from None
            raise

    def _forget(self) -> None:
        """A late answer then finds no one waiting, and nothing is kept for it meanwhile."""
        waiting = self._reply_listener._reply_events
        for correlation_id, event in list(waiting.items()):
            if event is self.reply_event:
                del waiting[correlation_id]


class _ServiceProxy(nameko_rpc.ServiceProxy):
    def __getattr__(self, name):
        return _MethodProxy(self.worker_ctx, self.service_name, name, self.reply_listener, **self.options)


class RpcProxy(nameko_rpc.RpcProxy):
    """`catalog = RpcProxy("catalog")`: calls with a timeout, never inside a transaction."""

    rpc_reply_listener = _ReplyListener()

    def get_dependency(self, worker_ctx):
        timeout = float(self.container.config.get("SERVICE_RPC_TIMEOUT", DEFAULT_TIMEOUT_SECONDS))
        return _ServiceProxy(worker_ctx, self.target_service, self.rpc_reply_listener, timeout=timeout,
                             **self.options)
