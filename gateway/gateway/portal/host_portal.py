"""A client's own portal address (a custom domain, as Orderhive offers): the operator sets a host
name on the client's branding (accounts keeps it, `domain`) and points it at the gateway. The
portal served on that host greets the client with its branding before sign-in and signs in only
its users; a session counts only on the host it was made on, so a cookie carried to another
client's address, or to the operator's own, is no session there.

The operator's own host names (whatever names no client) serve every client, as before: a client
whose address does not resolve yet, or the warehouse's support, still signs in there."""
import time
from urllib.parse import urlsplit

from flask import current_app, g, request, session

from gateway import rpc_client

CACHE_SECONDS = 5  # a host name moved to another client counts there within this time
MAX_CACHED_HOSTS = 1000  # Host headers are the client's to choose: the cache must not grow with them


def request_host() -> str:
    """The host name the browser asked for, in lower case, without port or final dot."""
    try:
        return (urlsplit("//" + request.host).hostname or "").rstrip(".")
    except ValueError:
        return ""


def host_customer_id() -> int | None:
    """The client whose portal address this request came to, or None on the operator's own host."""
    if "host_customer_id" not in g:
        g.host_customer_id = _customer_of(request_host())
    return g.host_customer_id


def _customer_of(host: str) -> int | None:
    cache = current_app.extensions.setdefault("portal_hosts", {})
    now = time.monotonic()
    cached = cache.get(host)
    if cached and cached[0] > now:
        return cached[1]
    found = rpc_client().accounts.find_customer_by_domain(host) if host else None
    if len(cache) >= MAX_CACHED_HOSTS:
        cache.clear()
    cache[host] = (now + CACHE_SECONDS, found)
    return found


def remember_host() -> None:
    """At sign-in: the session counts on this host only."""
    session["host"] = request_host()


def session_made_here() -> bool:
    """A session made before sessions named their host counts on the operator's hosts only."""
    made_on = session.get("host")
    return made_on == request_host() if made_on is not None else host_customer_id() is None


def may_sign_in_here(customer_id: int) -> bool:
    """On a client's address only that client's users sign in (and stay signed in)."""
    return host_customer_id() in (None, customer_id)
