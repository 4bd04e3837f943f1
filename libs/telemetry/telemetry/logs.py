"""Log lines as JSON objects, one a line, each naming its service and the request it served:

    {"level": "INFO", "service": "orders", "logger": "orders.stock_reservations", "message": "...",
     "request_id": "4f0c...", "time": "2026-12-01T08:00:00.123456+00:00"}

A log collector reads the fields without a pattern; `request_id` follows one request through
every process (`telemetry.request_ids`). Exceptions come as `exc_info`, the traceback in one field.
"""
import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from telemetry import request_ids

FIELDS = ("levelname", "service", "name", "message", "request_id")
RENAMED = {"levelname": "level", "name": "logger"}


class RequestContext(logging.Filter):
    """Adds the service's name and the current request id to every record it passes."""

    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = request_ids.current()
        return True


def formatter() -> JsonFormatter:
    return JsonFormatter(FIELDS, rename_fields=RENAMED, timestamp="time")  # ISO 8601 in UTC


def configure(service: str, level: int = logging.INFO, stream=None) -> logging.Handler:
    """Every log line of this process as JSON on `stream` (stderr); returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter())
    handler.addFilter(RequestContext(service))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    return handler


def config_dict(service: str) -> dict:
    """The same, as a `logging.config.dictConfig` dictionary (gunicorn's `logconfig_dict`)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": RequestContext, "service": service}},
        "formatters": {"json": {"()": formatter}},
        "handlers": {"json": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                              "formatter": "json", "filters": ["request_context"]}},
        "root": {"level": "INFO", "handlers": ["json"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": True},
        },
    }
