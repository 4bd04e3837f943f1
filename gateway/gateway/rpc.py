"""Calling the services over nameko's RPC protocol from a threaded WSGI server.

Each worker thread keeps one AMQP connection, one channel and one reply queue of its own, opened
on first use and replaced only after a transport failure: a call is one publish and one reply.
The publish is `mandatory` and not confirmed: a call to a service nobody serves comes back from
the broker (basic.return) while its caller waits, and fails at once instead of timing out; a
publisher confirm would tell the same a round trip earlier, but costs a second wait on the broker
for every call. A connection the broker closed while it was idle has said so on its socket
before the next call goes out, so that call is sent on a new connection instead. nameko's own standalone proxy made a new publisher, producer and connection object for
every call, which cost about as much again as the round trip itself (bench/rpc_roundtrip.py).

The wire format is nameko's (nameko.rpc): a JSON body `{"args": [...], "kwargs": {...}}` published
to the `nameko-rpc` exchange with routing key `service.method`, `reply_to` and `correlation_id`;
the answer is `{"result": ..., "error": ...}` with errors as nameko serializes them.
"""
import logging
import select
import socket
import threading
import time
import uuid

import amqp
from amqp.exceptions import ChannelError
from kombu import Connection, Exchange, Queue, serialization
from nameko.exceptions import RemoteError, deserialize
from telemetry import request_ids

from gateway.request_metrics import RPC_CALLS

log = logging.getLogger(__name__)

RPC_EXCHANGE = Exchange("nameko-rpc", type="topic", durable=True)
ACCEPTED = ["application/json"]  # answers of any other type are refused, as kombu's Consumer(accept=["json"]) did


def _pyamqp_uri(amqp_uri: str) -> str:
    """`pyamqp://` for `amqp://`: the same kombu transport, named directly (given `amqp://`, kombu
    tries `import librabbitmq`, which is not installed, on every Connection object)."""
    return "py" + amqp_uri if amqp_uri.startswith("amqp://") else amqp_uri


def _context_headers() -> dict:
    """nameko's context data, which the service's worker takes and passes on: the request id."""
    request_id = request_ids.current()
    return {request_ids.MESSAGE_HEADER: request_id} if request_id else {}


class ServiceUnavailable(Exception):
    """The broker or the service did not answer; the request can be retried later."""


# A service's own ServiceUnavailable (a neighbour it needed did not answer) and RequestInterrupted
# (the broker delivered the request twice; it did not run again): retry later, as above.
UNAVAILABLE_BEHIND = ("ServiceUnavailable", "RequestInterrupted")


class _Channel:
    """One thread's connection, with its reply queue; not shared between threads.

    Requests are published and answers taken on py-amqp's channel itself, with kombu's JSON
    serialization (what kombu's Producer and Consumer send and accept, so nameko reads the same
    messages): the Producer and Consumer around them cost about 0.06 ms of CPU a call of 0.4."""

    def __init__(self, amqp_uri: str):
        self.connection = Connection(amqp_uri)
        self.channel = self.connection.channel()
        self.reply_key = str(uuid.uuid4())
        # Exclusive and auto-deleted: it lives exactly as long as this connection.
        queue = Queue(f"rpc.reply-gateway-{self.reply_key}", exchange=RPC_EXCHANGE, routing_key=self.reply_key,
                      exclusive=True, auto_delete=True, channel=self.channel)
        queue.declare()
        self.answers: dict[str, dict] = {}
        self.channel.basic_consume(queue.name, callback=self._on_answer, no_ack=True)
        self.channel.events["basic_return"].add(self._on_return)
        self._socket = self.connection.connection.transport.sock

    def _on_answer(self, message: amqp.Message) -> None:
        body = serialization.loads(message.body, message.content_type, message.content_encoding, accept=ACCEPTED)
        self.answers[message.properties.get("correlation_id")] = body

    def _on_return(self, error: ChannelError, exchange: str, routing_key: str, message: amqp.Message) -> None:
        """The broker returned a request no queue took (NO_ROUTE): nobody serves it."""
        service_name = routing_key.split(".", 1)[0]
        self.answers[message.properties.get("correlation_id")] = ServiceUnavailable(
            f"{service_name} is not running ({error.reply_text})")

    def _read_what_came_while_idle(self) -> None:
        """Between calls nothing is owed to this connection, so what waits on its socket is the
        broker closing it (a restart, close_all_connections) or the socket's end: reading it
        raises here, before a request is lost on a dead connection (between the sends of
        `call_all`, answers and returns that came already are kept as when awaited). One poll
        when nothing came."""
        while select.select([self._socket], [], [], 0)[0]:
            try:
                self.connection.drain_events(timeout=0)
            except socket.timeout:
                return

    def send(self, service_name: str, method: str, args, kwargs) -> str:
        correlation_id = str(uuid.uuid4())
        self._read_what_came_while_idle()
        content_type, content_encoding, body = serialization.dumps({"args": args, "kwargs": kwargs}, "json")
        # Not persistent: a request that dies with the broker is a timeout for its caller.
        request = amqp.Message(body, content_type=content_type, content_encoding=content_encoding,
                               reply_to=self.reply_key, correlation_id=correlation_id, delivery_mode=1,
                               application_headers=_context_headers())
        self.channel.basic_publish(request, RPC_EXCHANGE.name, f"{service_name}.{method}", mandatory=True)
        return correlation_id

    def answer(self, correlation_id: str, deadline: float) -> dict | None:
        """The answer to this call, or None when the deadline passed; other answers are kept for
        their own callers (call_each) or dropped with the channel (a timed-out call)."""
        while correlation_id not in self.answers:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            try:
                self.connection.drain_events(timeout=remaining)
            except socket.timeout:
                return None
        answer = self.answers.pop(correlation_id)
        if isinstance(answer, ServiceUnavailable):
            raise answer
        return answer

    def close(self) -> None:
        try:
            self.connection.release()
        except Exception:
            log.debug("closing an RPC connection failed", exc_info=True)


class RpcClient:
    """`rpc.catalog.list_products(customer_id)`: one call to one service."""

    def __init__(self, amqp_uri: str, timeout: float):
        self._amqp_uri = _pyamqp_uri(amqp_uri)
        self._timeout = timeout
        self._local = threading.local()
        self._all_channels: list[_Channel] = []
        self._lock = threading.Lock()

    def __getattr__(self, service_name: str) -> "_ServiceCaller":
        if service_name.startswith("_"):
            raise AttributeError(service_name)
        return _ServiceCaller(self, service_name)

    def call(self, service_name: str, method: str, *args, **kwargs):
        outcome = "refused"  # unless it answers, or does not answer at all
        try:
            result = self._call(service_name, method, args, kwargs)
            outcome = "ok"
            return result
        except ServiceUnavailable:
            outcome = "unavailable"
            raise
        finally:
            RPC_CALLS.labels(service_name, method, outcome).inc()

    def _call(self, service_name: str, method: str, args, kwargs):
        try:
            channel, correlation_id = self._send(service_name, method, args, kwargs)
            body = channel.answer(correlation_id, time.monotonic() + self._timeout)
        except ServiceUnavailable:
            raise
        except Exception as error:  # connection refused, channel closed, broker restarted
            self._discard_thread_channel()
            log.warning("RPC to %s.%s failed", service_name, method, exc_info=True)
            raise ServiceUnavailable(f"{service_name} is not reachable") from error
        if body is None:
            self._discard_thread_channel()  # its late answer must not meet the next call
            raise ServiceUnavailable(f"{service_name} did not answer in time")
        return _result(service_name, method, body)

    def call_each(self, service_names, method: str, timeout: float | None = None) -> dict[str, object]:
        """Call `method` on several services at once (no arguments); each answer is its result,
        or the exception it raised. Waits `timeout` seconds at most (default: RPC_TIMEOUT)."""
        return self.call_all({name: (name, method) for name in service_names}, timeout)

    def call_all(self, calls: dict[str, tuple], timeout: float | None = None) -> dict[str, object]:
        """Several calls at once, `{key: (service, method, *args)}`: all are published on this
        thread's connection before the first answer is awaited, so the services work on them side
        by side and a page waits for the slowest, not for their sum. Each key's answer is its
        result, or the exception it raised (RemoteError, ServiceUnavailable). Waits `timeout`
        seconds at most (default: RPC_TIMEOUT) for all of them together."""
        sent: dict[str, str | Exception] = {}
        try:
            channel = self._thread_channel()
            for key, (service_name, method, *args) in calls.items():
                try:
                    sent[key] = channel.send(service_name, method, args, {})
                except ServiceUnavailable as error:
                    sent[key] = error
        except Exception as error:
            self._discard_thread_channel()
            answers = {key: ServiceUnavailable(f"broker not reachable: {error}") for key in calls}
            self._count(calls, answers)
            return answers
        deadline, answers = time.monotonic() + (self._timeout if timeout is None else timeout), {}
        for key, correlation_id in sent.items():
            service_name, method = calls[key][:2]
            if isinstance(correlation_id, Exception):
                answers[key] = correlation_id
                continue
            try:
                body = channel.answer(correlation_id, deadline)
                answers[key] = (_result(service_name, method, body) if body is not None
                                else ServiceUnavailable(f"{service_name} did not answer in time"))
            except Exception as error:
                answers[key] = error if isinstance(error, (RemoteError, ServiceUnavailable)) else ServiceUnavailable(
                    f"{service_name} did not answer: {error}")
        if any(isinstance(answer, ServiceUnavailable) for answer in answers.values()):
            self._discard_thread_channel()  # a timed-out reply may still arrive on this queue
        self._count(calls, answers)
        return answers

    @staticmethod
    def _count(calls: dict[str, tuple], answers: dict[str, object]) -> None:
        for key, (service_name, method, *_) in calls.items():
            answer = answers.get(key)
            outcome = ("unavailable" if isinstance(answer, ServiceUnavailable)
                       else "refused" if isinstance(answer, Exception) else "ok")
            RPC_CALLS.labels(service_name, method, outcome).inc()

    def _send(self, service_name: str, method: str, args, kwargs) -> tuple[_Channel, str]:
        """Publish the request; a connection the broker closed meanwhile (a restart) is found out
        here, before the request reached anyone, so it is sent once more on a new connection."""
        try:
            channel = self._thread_channel()
            return channel, channel.send(service_name, method, args, kwargs)
        except ServiceUnavailable:
            raise
        except Exception:
            log.info("RPC connection lost; opening a new one", exc_info=True)
            self._discard_thread_channel()
        channel = self._thread_channel()
        return channel, channel.send(service_name, method, args, kwargs)

    def _thread_channel(self) -> _Channel:
        channel = getattr(self._local, "channel", None)
        if channel is None:
            channel = self._local.channel = _Channel(self._amqp_uri)
            with self._lock:
                self._all_channels.append(channel)
        return channel

    def _discard_thread_channel(self) -> None:
        channel, self._local.channel = getattr(self._local, "channel", None), None
        if channel is not None:
            with self._lock:
                if channel in self._all_channels:
                    self._all_channels.remove(channel)
            channel.close()

    def close(self) -> None:
        with self._lock:
            channels, self._all_channels = self._all_channels, []
        for channel in channels:
            channel.close()


def _result(service_name: str, method: str, body: dict):
    error = body.get("error")
    if not error:
        return body.get("result")
    raised = deserialize(error)  # a RemoteError, or nameko's own (MethodNotFound, BadRequest...)
    if isinstance(raised, RemoteError) and raised.exc_type in UNAVAILABLE_BEHIND:
        raise ServiceUnavailable(f"{service_name}.{method}: {raised.value}") from raised
    raise raised


class _ServiceCaller:
    def __init__(self, client: RpcClient, service_name: str):
        self._client = client
        self._service_name = service_name

    def __getattr__(self, method: str):
        def call(*args, **kwargs):
            return self._client.call(self._service_name, method, *args, **kwargs)

        return call
