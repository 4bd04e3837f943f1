"""The gateway's metrics: requests by route and status with their latency, and the RPC calls it
makes by service, method and outcome. Served on the metrics port by gunicorn's master
(`gateway.gunicorn_settings`), summed over the workers (prometheus_client's multiprocess mode)."""
from prometheus_client import Counter, Histogram

REQUESTS = Counter("gateway_requests", "HTTP requests answered, by route template and status",
                   ["method", "route", "status"])
REQUEST_SECONDS = Histogram("gateway_request_seconds", "Time to answer an HTTP request, by route template",
                            ["route"], buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
RPC_CALLS = Counter("gateway_rpc_calls", "RPC calls to the services, by outcome (ok; refused: the service "
                    "answered with an error; unavailable: no answer, or it could not reach a neighbour)",
                    ["service", "method", "outcome"])

# A path no route matched (a scan, a typo) is counted under one label, not one per path.
UNMATCHED = "unmatched"
