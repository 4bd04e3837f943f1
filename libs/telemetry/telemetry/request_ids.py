"""The id of the request being served, so that one order can be followed through the logs of
every process it passes.

The gateway takes it from the `X-Request-Id` header (or makes one) and sends it with each RPC; a
service keeps it for the work that request causes: the RPCs it makes (nameko passes a worker's
context data on as `nameko.<key>` headers), the events it writes to its outbox, the mail it queues.
It lives in a context variable: per thread in the gateway, per greenthread in a nameko service.
"""
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

HEADER = "X-Request-Id"
# The key in nameko's worker context data, so the message header is `nameko.request_id`.
CONTEXT_KEY = "request_id"
MESSAGE_HEADER = f"nameko.{CONTEXT_KEY}"

# What a proxy or a client may send: ids as load balancers and tracing tools make them (uuids,
# hex, base64), short enough for a log line; anything else is replaced by an id of our own.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current() -> str | None:
    return _current.get()


def new() -> str:
    return uuid.uuid4().hex


def from_header(value: str | None) -> str:
    """The id a caller sent, if it is one we can log as it is; else a new one."""
    return value if value and _ACCEPTABLE.fullmatch(value) else new()


def set_current(request_id: str | None) -> None:
    """For a thread or greenthread that serves one request and ends with it."""
    _current.set(request_id)


@contextmanager
def bound(request_id: str | None) -> Iterator[None]:
    """`request_id` is the current one inside the block."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)
