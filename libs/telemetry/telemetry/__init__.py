"""What the gateway and every service share so that operations can see what happens:

- `request_ids`: the id of the request being served (taken from `X-Request-Id` at the gateway,
  carried through every RPC and event), for every log line;
- `logs`: one JSON object per log line, with the service and the request id;
- `metrics_server`: Prometheus metrics on a port of their own, away from the clients' port.
"""
