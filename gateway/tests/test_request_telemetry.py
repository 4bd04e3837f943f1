"""Every answer names its request id, and every request is counted by route template and status."""
import logging

from prometheus_client import REGISTRY
from telemetry import logs, request_ids


def test_a_callers_request_id_is_answered_back(client):
    response = client.get("/livez", headers={"X-Request-Id": "edge-1234"})
    assert response.headers["X-Request-Id"] == "edge-1234"


def test_a_request_without_a_usable_id_gets_a_new_one_errors_included(client):
    for path, headers in (("/livez", {}), ("/api/v1/no-such-thing", {"X-Request-Id": "a b"})):
        made = client.get(path, headers=headers).headers["X-Request-Id"]
        assert len(made) == 32 and made != "a b"


def test_log_lines_written_while_serving_carry_the_request_id(client, app, caplog):
    @app.get("/test-logs-something")
    def logs_something():
        logging.getLogger("gateway.test").warning("serving")
        return {"request_id": request_ids.current()}

    caplog.handler.addFilter(logs.RequestContext("gateway"))
    with caplog.at_level(logging.WARNING):
        answered = client.get("/test-logs-something", headers={"X-Request-Id": "req-77"}).get_json()
    assert answered == {"request_id": "req-77"} and request_ids.current() is None
    assert [record.request_id for record in caplog.records if record.name == "gateway.test"] == ["req-77"]


def _requests(route: str, status: str) -> float:
    return REGISTRY.get_sample_value("gateway_requests_total", {"method": "GET", "route": route,
                                                                "status": status}) or 0


def test_requests_are_counted_by_route_template_and_status_with_their_latency(client):
    before = [_requests("/livez", "200"), _requests("unmatched", "404")]
    client.get("/livez")
    client.get("/scan/wp-login.php")
    assert [_requests("/livez", "200"), _requests("unmatched", "404")] == [before[0] + 1, before[1] + 1]
    assert REGISTRY.get_sample_value("gateway_request_seconds_count", {"route": "/livez"}) >= 1
