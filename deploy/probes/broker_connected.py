#!/usr/bin/env python3
"""Exit 0 when this container holds an established TCP connection to the AMQP broker named by
AMQP_URI, 1 when it does not. The probe of the nameko services (Docker HEALTHCHECK and the
Kubernetes exec probes).

A nameko service listens on no port: requests and events reach it through RabbitMQ, so neither
an HTTP nor a TCP probe can reach it, and asking its `health` RPC through the broker would be
answered by whichever replica is free, not necessarily this one. What can be seen from inside
the container is whether the service is connected to the broker. nameko keeps its consumer
connection open with AMQP heartbeats, so a process that has exited, lost the broker, or wedged
its event loop (the broker then closes the connection for missed heartbeats) shows no
established connection. It cannot tell a wedged worker that still holds a connection; nothing
outside the process can.

Reads /proc/net/tcp and /proc/net/tcp6, which list the sockets of the container's network
namespace (in Kubernetes, the pod's: only this service connects to the broker from there).
"""
import os
import sys
from urllib.parse import urlsplit

ESTABLISHED = "01"
TABLES = ("/proc/net/tcp", "/proc/net/tcp6")


def broker_port(amqp_uri: str) -> int:
    parts = urlsplit(amqp_uri)
    return parts.port or (5671 if parts.scheme == "amqps" else 5672)


def connected_to(port: int, tables=TABLES) -> bool:
    remote_suffix = f":{port:04X}"
    for table in tables:
        try:
            with open(table) as rows:
                next(rows)  # header
                for row in rows:
                    fields = row.split()
                    if fields[2].endswith(remote_suffix) and fields[3] == ESTABLISHED:
                        return True
        except FileNotFoundError:  # no IPv6 in this namespace
            continue
    return False


if __name__ == "__main__":
    uri = os.environ.get("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/")
    sys.exit(0 if connected_to(broker_port(uri)) else 1)
