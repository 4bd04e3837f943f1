"""Calling the services over nameko RPC from a threaded WSGI server.

A standalone nameko proxy is not safe to share between threads, and opening one per call costs
a new AMQP connection and reply queue each time. So each worker thread keeps its own
long-lived proxy, opened on first use and replaced only after a transport failure.
"""
import logging
import threading

from nameko.exceptions import BadRequest, RemoteError, RpcTimeout, UnknownService
from nameko.standalone.rpc import ClusterRpcProxy

log = logging.getLogger(__name__)


def _pyamqp_uri(amqp_uri: str) -> str:
    """`pyamqp://` for `amqp://`: the same kombu transport, named directly. Given `amqp://`, kombu
    tries `import librabbitmq` (not installed) for every Connection object, and nameko makes one
    per call; that failing import cost ~0.4 ms CPU of a ~4.5 ms call (bench/rpc_roundtrip.py)."""
    return "py" + amqp_uri if amqp_uri.startswith("amqp://") else amqp_uri


class ServiceUnavailable(Exception):
    """The broker or the service did not answer; the request can be retried later."""


# A service's own ServiceUnavailable (a neighbour it needed did not answer) and RequestInterrupted
# (the broker delivered the request twice; it did not run again): retry later, as above.
UNAVAILABLE_BEHIND = ("ServiceUnavailable", "RequestInterrupted")


class RpcClient:
    """`rpc.catalog.list_products(customer_id)`: one call to one service."""

    def __init__(self, amqp_uri: str, timeout: float):
        self._config = {"AMQP_URI": _pyamqp_uri(amqp_uri), "serializer": "json"}
        self._timeout = timeout
        self._local = threading.local()
        self._all_proxies: list[ClusterRpcProxy] = []
        self._lock = threading.Lock()

    def __getattr__(self, service_name: str) -> "_ServiceCaller":
        if service_name.startswith("_"):
            raise AttributeError(service_name)
        return _ServiceCaller(self, service_name)

    def call(self, service_name: str, method: str, *args, **kwargs):
        try:
            proxy = self._thread_proxy()
            return getattr(getattr(proxy, service_name), method)(*args, **kwargs)
        except RemoteError as error:
            if error.exc_type in UNAVAILABLE_BEHIND:
                raise ServiceUnavailable(f"{service_name}.{method}: {error.value}") from error
            raise  # the service answered: an error of its domain
        except BadRequest:
            raise  # a call our code got wrong
        except UnknownService as error:
            raise ServiceUnavailable(f"{service_name} is not running") from error
        except RpcTimeout as error:
            self._discard_thread_proxy()
            raise ServiceUnavailable(f"{service_name} did not answer in time") from error
        except Exception as error:  # connection refused, channel closed, broker restarted
            self._discard_thread_proxy()
            log.warning("RPC to %s.%s failed", service_name, method, exc_info=True)
            raise ServiceUnavailable(f"{service_name} is not reachable") from error

    def call_each(self, service_names, method: str) -> dict[str, object]:
        """Call `method` on several services at once (no arguments); each answer is its result,
        or the exception it raised."""
        try:
            proxy = self._thread_proxy()
            replies = {name: getattr(getattr(proxy, name), method).call_async()
                       for name in service_names}
        except Exception as error:
            self._discard_thread_proxy()
            return {name: ServiceUnavailable(f"broker not reachable: {error}") for name in service_names}
        answers: dict[str, object] = {}
        for name, reply in replies.items():
            try:
                answers[name] = reply.result()
            except RemoteError as error:
                answers[name] = error
            except Exception as error:
                answers[name] = ServiceUnavailable(f"{name} did not answer: {error}")
        if any(isinstance(answer, ServiceUnavailable) for answer in answers.values()):
            self._discard_thread_proxy()  # a timed-out reply may still arrive on this queue
        return answers

    def _thread_proxy(self):
        proxy = getattr(self._local, "proxy", None)
        if proxy is None:
            standalone = ClusterRpcProxy(self._config, timeout=self._timeout)
            proxy = standalone.start()
            self._local.standalone, self._local.proxy = standalone, proxy
            with self._lock:
                self._all_proxies.append(standalone)
        return proxy

    def _discard_thread_proxy(self) -> None:
        standalone = getattr(self._local, "standalone", None)
        self._local.proxy = self._local.standalone = None
        if standalone is not None:
            with self._lock:
                if standalone in self._all_proxies:
                    self._all_proxies.remove(standalone)
            try:
                standalone.stop()
            except Exception:
                log.debug("closing a broken proxy failed", exc_info=True)

    def close(self) -> None:
        with self._lock:
            proxies, self._all_proxies = self._all_proxies, []
        for standalone in proxies:
            try:
                standalone.stop()
            except Exception:
                log.debug("closing a proxy failed", exc_info=True)


class _ServiceCaller:
    def __init__(self, client: RpcClient, service_name: str):
        self._client = client
        self._service_name = service_name

    def __getattr__(self, method: str):
        def call(*args, **kwargs):
            return self._client.call(self._service_name, method, *args, **kwargs)

        return call
