"""The access log line gunicorn writes for the gateway holds no credential."""
import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from gateway import gunicorn_settings
from gateway.access_log import AccessLog


def logged_line(environ: dict, headers: list[tuple[str, str]]) -> str:
    config = Config()
    for name in ("accesslog", "access_log_format", "logger_class"):
        config.set(name, getattr(gunicorn_settings, name))
    atoms = AccessLog(config).atoms(SimpleNamespace(status="200 OK", sent=10, headers=[]),
                                    SimpleNamespace(headers=headers), environ, datetime.timedelta(milliseconds=5))
    return config.access_log_format % atoms


def test_access_log_leaves_out_the_api_key_and_link_tokens():
    token = "Zq3-secret_token"
    line = logged_line({
        "REQUEST_METHOD": "GET", "RAW_URI": f"/fulfilmentportal/password-reset/{token}?x=1", "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": f"/fulfilmentportal/password-reset/{token}", "QUERY_STRING": "x=1", "REMOTE_ADDR": "10.0.0.9",
        "HTTP_AUTHORIZATION": "Basic ZmtfYXBpLWtleTo=", "HTTP_REFERER": f"https://portal.test/fulfilmentportal/invite/{token}",
    }, [("AUTHORIZATION", "Basic ZmtfYXBpLWtleTo=")])
    assert token not in line and "ZmtfYXBpLWtleTo" not in line
    assert '"GET /fulfilmentportal/password-reset/[token]?x=1 HTTP/1.1" 200' in line
    assert "https://portal.test/fulfilmentportal/invite/[token]" in line and line.startswith("10.0.0.9 - [")
