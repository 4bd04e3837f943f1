import io
import json
import logging

from telemetry import logs, request_ids


def test_each_log_line_is_one_json_object_with_service_and_request_id():
    stream = io.StringIO()
    handler = logs.configure("orders", stream=stream)
    try:
        with request_ids.bound("req-1"):
            logging.getLogger("orders.placing").warning("order %s placed", 7)
        try:
            raise ValueError("broken")
        except ValueError:
            logging.getLogger("orders").exception("it failed")
    finally:
        logging.getLogger().removeHandler(handler)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert {key: first[key] for key in ("level", "service", "logger", "message", "request_id")} == {
        "level": "WARNING", "service": "orders", "logger": "orders.placing", "message": "order 7 placed",
        "request_id": "req-1"}
    assert first["time"].endswith("+00:00")
    assert second["request_id"] is None and "ValueError: broken" in second["exc_info"]
