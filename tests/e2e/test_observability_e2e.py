"""Seeing what happens, end to end: one order's request id followed through the JSON logs of the
gateway, orders, catalog (the reservation) and accounts (the mail), and the metrics of the
gateway and the services scraped on their own ports after it."""
import json
import time
import uuid

import requests
from prometheus_client.parser import text_string_to_metric_families

from e2e_api import create_customer, create_product, wait_for_mail

ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "3512 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


def logged_under(stack_log: str, request_id: str) -> list[dict]:
    """The JSON lines of every process (prefixed `name | ` by the launcher) with this request id."""
    lines = []
    with open(stack_log) as log:
        for line in log:
            _, _, logged = line.partition("| ")
            if request_id in logged:
                lines.append(json.loads(logged))
    return lines


def scrape(url: str) -> dict[tuple[str, frozenset], float]:
    response = requests.get(url, timeout=5)
    assert response.status_code == 200
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples: dict, name: str, **labels) -> float | None:
    return samples.get((name, frozenset(labels.items())))


def test_one_orders_request_id_is_followed_from_the_api_through_orders_and_catalog_to_the_mail(
        operator, base_url, rpc, mail_dir, stack_log, stack):
    office = f"office-{uuid.uuid4().hex[:6]}@example.test"
    customer_id = create_customer(operator, base_url, name="Traced Orders BV",
                                  notification_email=office, language="en")["idfulfilment_customer"]
    warehouse = rpc.catalog.create_warehouse("Traced warehouse")["idwarehouse"]
    code = f"TRACE-{uuid.uuid4().hex[:4]}"
    product = create_product(operator, base_url, customer_id, code).json()
    assert operator.post(f"{base_url}/api/v1/products/{product['idproduct']}/stock/{warehouse}",
                         json={"amount": 4, "reason": "first receipt"}).ok
    order = operator.post(f"{base_url}/api/v1/orders", json={
        **ADDRESS, "reference": "TRACE-1", "idfulfilment_customer": customer_id,
        "products": [{"productcode": code, "amount": 10}]}).json()

    request_id = f"trace-{uuid.uuid4().hex}"
    processed = operator.post(f"{base_url}/api/v1/orders/{order['idorder']}/process", json={"idwarehouse": warehouse},
                              headers={"X-Request-Id": request_id})
    assert processed.status_code == 200 and processed.headers["X-Request-Id"] == request_id
    wait_for_mail(mail_dir, office, "waits for stock")
    deadline = time.monotonic() + 5  # the launcher relays each process's output on its own
    while {"gateway", "orders", "catalog", "accounts"} - {line["service"] for line in logged_under(stack_log, request_id)}:
        assert time.monotonic() < deadline, logged_under(stack_log, request_id)
        time.sleep(0.1)

    lines = logged_under(stack_log, request_id)
    by_service = {service: [line["message"] for line in lines if line["service"] == service]
                  for service in ("gateway", "orders", "catalog", "accounts")}
    assert any(f"/api/v1/orders/{order['idorder']}/process" in message for message in by_service["gateway"])
    assert any(message.startswith(f"order {order['idorder']}: catalog holds 4 of the 10 units")
               for message in by_service["orders"])
    assert any("4 of 10 units held" in message for message in by_service["catalog"])
    assert any(message.endswith("sent: Order TRACE-1 waits for stock") for message in by_service["accounts"])
    assert all(line["request_id"] == request_id and line["time"] and line["level"] for line in lines)

    # After the order: each process's metrics, on its own port.
    gateway = scrape(stack.metrics_url("gateway"))
    process_route = next(dict(labels)["route"] for name, labels in gateway
                         if name == "gateway_requests_total" and dict(labels)["route"].endswith("/process"))
    assert value(gateway, "gateway_requests_total", method="POST", route=process_route, status="200") >= 1
    assert value(gateway, "gateway_request_seconds_count", route=process_route) >= 1
    assert value(gateway, "gateway_rpc_calls_total", service="orders", method="process_order", outcome="ok") >= 1
    orders = scrape(stack.metrics_url("orders"))
    assert value(orders, "fulfilment_rpc_handled_total", service="orders", method="process_order", outcome="ok") >= 1
    assert value(orders, "fulfilment_outbox_backlog", service="orders") is not None
    assert value(orders, "fulfilment_outbox_oldest_age_seconds", service="orders") is not None
    catalog = scrape(stack.metrics_url("catalog"))
    assert value(catalog, "fulfilment_rpc_handled_total", service="catalog", method="reserve_order_lines",
                 outcome="ok") >= 1
    accounts = scrape(stack.metrics_url("accounts"))
    assert value(accounts, "fulfilment_events_handled_total", service="accounts", handler="handle_orders_backordered",
                 outcome="ok") >= 1
    assert value(accounts, "fulfilment_mail_queue", service="accounts") is not None
    assert value(accounts, "fulfilment_timer_runs_total", service="accounts", timer="send_due",
                 outcome="ok") >= 1


def test_metrics_are_not_served_on_the_port_clients_reach(base_url, operator):
    assert requests.get(f"{base_url}/metrics").status_code == 404
    assert operator.get(f"{base_url}/metrics").status_code == 404


def test_ready_while_the_broker_and_accounts_answer(base_url):
    response = requests.get(f"{base_url}/readyz")
    assert (response.status_code, response.json()) == (200, {"status": "ready"})
