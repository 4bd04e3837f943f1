"""gunicorn's settings for the gateway, the same under `make run` and in the image
(`gunicorn --config python:gateway.gunicorn_settings`); GUNICORN_CMD_ARGS and the command line
override them."""
import os
import shutil

from telemetry.logs import config_dict

accesslog = "-"
# No request line limit of gunicorn's, which answers an HTML page: the gateway answers a URL that
# is too long itself (input_guards.LONGEST_URL); gunicorn still stops reading at 1 MB.
limit_request_line = 0
logger_class = "gateway.access_log.AccessLog"
# gunicorn's default without %(u)s, the HTTP Basic user name: for the API that is the key.
access_log_format = '%(h)s %(l)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s"'
# Idle keep-alive connections stay open longer than clients and proxies reuse them (nginx's
# upstream default is 60 s): with gunicorn's 2 s, a request sent on a connection just as the
# gateway closed it was lost before it was read (seen in the fault tests).
keepalive = 75
# Every line as JSON (telemetry.logs), the access log's included, with the request's id.
logconfig_dict = config_dict("gateway")


# Metrics: each worker counts in files of its own (prometheus_client's multiprocess mode), and the
# master sums them on the metrics port (telemetry.metrics_server: not the port clients reach).
# prometheus_client chooses between counting in memory and in files when it is first imported,
# which loading this module (inside the gateway package) does already: so the folder is named in
# the environment gunicorn starts with (PROMETHEUS_MULTIPROC_DIR: the image and `make run` set it),
# and emptied here at each start.
MULTIPROCESS_FOLDER = "PROMETHEUS_MULTIPROC_DIR"


def on_starting(server) -> None:
    folder = os.environ.get(MULTIPROCESS_FOLDER, "").strip()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)


def when_ready(server) -> None:
    if not os.environ.get(MULTIPROCESS_FOLDER, "").strip():
        server.log.warning("%s is not set: the gateway's metrics are not served", MULTIPROCESS_FOLDER)
        return
    from prometheus_client import CollectorRegistry, multiprocess
    from telemetry import metrics_server

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    metrics_server.serve(metrics_server.configured_port(), metrics_server.configured_host(), registry)


def child_exit(server, worker) -> None:
    if os.environ.get(MULTIPROCESS_FOLDER, "").strip():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    if os.environ.get(MULTIPROCESS_FOLDER, "").strip():
        shutil.rmtree(os.environ[MULTIPROCESS_FOLDER], ignore_errors=True)
