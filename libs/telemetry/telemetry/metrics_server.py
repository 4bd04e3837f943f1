"""Prometheus metrics on a port of their own (`METRICS_PORT`, 9100; 0: none), never on the port
clients reach: the ingress and the gateway's Service route only the HTTP port, so `/metrics` is
for whoever can reach the pod (Prometheus inside the cluster), without a key to manage or leak,
and a scrape never waits behind client requests.

A port already taken (a second replica on one machine) costs the metrics of that process, not
the process: it is logged and the process serves on."""
import logging
import os

from prometheus_client import REGISTRY, start_http_server

log = logging.getLogger(__name__)

DEFAULT_PORT = 9100


def configured_port() -> int:
    return int(os.environ.get("METRICS_PORT", "").strip() or DEFAULT_PORT)


def configured_host() -> str:
    return os.environ.get("METRICS_HOST", "").strip() or "0.0.0.0"


def serve(port: int, host: str = "0.0.0.0", registry=REGISTRY) -> bool:
    """Serve `/metrics` on `host:port` from a background thread; False when it could not."""
    if port <= 0:
        return False
    try:
        start_http_server(port, addr=host, registry=registry)
    except OSError as error:
        log.warning("metrics not served: port %s: %s", port, error)
        return False
    log.info("metrics served on %s:%s/metrics", host, port)
    return True
