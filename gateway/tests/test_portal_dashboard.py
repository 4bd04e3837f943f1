"""The dashboard: each section asked of its service at once, a link to its filtered list, an empty
state, hidden without its permission, and the rest shown when one service does not answer."""
from gateway_fakes import USER_7

from gateway.rpc import ServiceUnavailable

BACKORDERS = [
    {"idbackorder": 1, "idorder": 40, "orderid": "O2026000040", "idproduct": 5, "productcode": "MAT-XL",
     "name": "Yoga mat XL", "amount": 3, "idwarehouse": 1},
    {"idbackorder": 2, "idorder": 41, "orderid": "O2026000041", "idproduct": 5, "productcode": "MAT-XL",
     "name": "Yoga mat XL", "amount": 2, "idwarehouse": 1},
    {"idbackorder": 3, "idorder": 41, "orderid": "O2026000041", "idproduct": 6, "productcode": "BAG",
     "name": "Bag", "amount": 1, "idwarehouse": 1},
]
SHIPMENT = {"idshipment": 9, "idorder": 40, "orderid": "O2026000040", "trackingcode": "3SDEMO0001",
            "tracktraceurl": "https://postnl.example/track/3SDEMO0001", "public_providername": "PostNL",
            "created": "2026-11-30T10:00:00+00:00", "cancelled": False}
LOW = {"idproduct": 6, "productcode": "BAG", "name": "Bag", "freestock": 1, "minimum_stock": 10}
RETURN = {"idreturn": 4, "returnid": "R2026000004", "idorder": 40, "orderid": "O2026000040", "status": "announced"}


def dashboard(client) -> str:
    response = client.get("/fulfilmentportal/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_dashboard_shows_what_waits_for_stock_per_product_with_a_link_to_its_backorders(logged_in, rpc):
    rpc.answer("orders", "list_backorders", BACKORDERS)
    rpc.answer("orders", "count_backordered_orders", 2)
    html = dashboard(logged_in)
    section = html[html.index('data-testid="dashboard-waiting"'):html.index('data-testid="dashboard-low-stock"')]
    assert 'href="/fulfilmentportal/backorders?idproduct=5">MAT-XL</a>' in section
    assert '<td class="num">5</td><td class="num">2</td>' in section  # 5 units for 2 orders
    assert "2 orders are waiting for stock." in html


def test_dashboard_lists_products_below_their_minimum_least_free_stock_first(logged_in, rpc):
    rpc.answer("catalog", "list_products", [LOW])
    html = dashboard(logged_in)
    assert 'href="/fulfilmentportal/products/6">BAG</a>' in html
    assert ("catalog", "list_products", (7, 0, None, {"stock": "below_minimum", "active": True, "sort": "freestock"})) \
        in rpc.calls


def test_dashboard_lists_recent_shipments_with_their_track_and_trace_links(logged_in, rpc):
    rpc.answer("orders", "list_shipments", [SHIPMENT] * 7)
    html = dashboard(logged_in)
    section = html[html.index('data-testid="dashboard-shipments"'):]
    assert section.count('href="https://postnl.example/track/3SDEMO0001"') == 5
    assert 'href="/fulfilmentportal/shipments">' in section


SUMMARY = {"statuses": {"concept": 2, "processing": 3, "picking": 1, "completed": 9, "cancelled": 1},
           "per_day": [{"date": "2026-11-29", "orders": 0}, {"date": "2026-11-30", "orders": 7},
                       {"date": "2026-12-01", "orders": 2}],
           "returns": {"announced": 2, "received": 1, "completed": 5, "rejected": 0}}


def test_dashboard_counts_open_orders_per_step_linking_to_the_list_filtered_by_status(logged_in, rpc):
    rpc.answer("orders", "summarize_orders", SUMMARY)
    html = dashboard(logged_in)
    section = html[html.index('data-testid="dashboard-orders"'):html.index('data-testid="dashboard-waiting"')]
    assert '<a href="/fulfilmentportal/orders?status=concept"><span class="figure">2</span>' in section
    assert '<a href="/fulfilmentportal/orders?status=processing"><span class="figure">3</span>' in section
    assert '<a href="/fulfilmentportal/orders?status=processing"><span class="figure">1</span>' in section  # picking


def test_counts_in_sentences_and_figures_are_grouped_by_thousands_in_the_users_language(logged_in, rpc):
    rpc.answer("catalog", "count_low_stock_products", 1234)
    rpc.answer("catalog", "count_products", 25000)
    rpc.answer("orders", "summarize_orders", {**SUMMARY, "statuses": {**SUMMARY["statuses"], "concept": 4321},
                                             "per_day": [{"date": "2026-12-01", "orders": 1500}]})
    html = dashboard(logged_in)
    assert "1,234 products are below their minimum stock." in html
    assert '<span class="figure">25,000</span>' in html and '<span class="figure">4,321</span>' in html
    assert "1,500 orders from December 1, 2026 to December 1, 2026." in html
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    html = dashboard(logged_in)
    assert "1.234 producten zitten onder de minimumvoorraad." in html
    assert '<span class="figure">25.000</span>' in html and '<span class="figure">4.321</span>' in html
    assert "De drukste dag was 1 december 2026, met 1.500 bestellingen." in html


def test_dashboard_draws_orders_per_day_with_its_figures_in_the_users_language(logged_in, rpc):
    rpc.answer("orders", "summarize_orders", SUMMARY)
    html = dashboard(logged_in)
    assert ("orders", "summarize_orders", (7, {"days": 30, "timezone": "Europe/Amsterdam"})) in rpc.calls
    chart = html[html.index('data-testid="orders-per-day"'):]
    assert '<svg class="chart chart-bars"' in chart and 'role="img"' in chart
    assert "9 orders from November 29, 2026 to December 1, 2026." in chart
    assert "The busiest day was November 30, 2026, with 7 orders." in chart
    assert "<td>November 30, 2026</td><td class=\"num\">7</td>" in chart
    rpc.answer("accounts", "get_session_user", {**USER_7, "language": "nl"})
    html = dashboard(logged_in)
    assert "9 bestellingen van 29 november 2026 tot en met 1 december 2026." in html
    assert "<td>30 november 2026</td>" in html


def test_orders_per_day_are_counted_by_the_clients_own_days(logged_in, rpc):
    """A client without a time zone of its own has the portal's (Europe/Amsterdam); one with its own
    (the operator's setting) has its days counted, and its times shown, in that one."""
    rpc.answer("accounts", "get_session_user", {**USER_7, "customer_timezone": "America/New_York"})
    rpc.answer("orders", "list_shipments", [SHIPMENT])
    html = dashboard(logged_in)
    assert ("orders", "summarize_orders", (7, {"days": 30, "timezone": "America/New_York"})) in rpc.calls
    assert "November 30, 2026, 5:00\u202fAM" in html  # the parcel of 10:00 UTC, in New York


def test_dashboard_counts_returns_in_progress_linking_to_the_list_filtered_by_status(logged_in, rpc):
    rpc.answer("orders", "summarize_orders", SUMMARY)
    html = dashboard(logged_in)
    section = html[html.index('data-testid="dashboard-returns"'):]
    assert '<a href="/fulfilmentportal/returns?status=announced"><span class="figure">2</span>' in section
    assert '<a href="/fulfilmentportal/returns?status=received"><span class="figure">1</span>' in section


def test_every_section_has_its_empty_state(logged_in, rpc):
    html = dashboard(logged_in)
    for words in ("No open orders", "No order is waiting for stock.", "Every product is at or above its minimum stock.",
                  "No parcels have been shipped yet.", "No returns are in progress.", "Nothing is on its way"):
        assert words in html


def test_returns_section_is_neither_asked_for_nor_shown_without_the_returns_permission(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    html = dashboard(logged_in)
    assert 'data-testid="dashboard-returns"' not in html


def test_dashboard_asks_all_its_sections_at_once_in_the_users_warehouses(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "warehouse_ids": [2]})
    asked_together = []
    call_all = rpc.call_all
    rpc.call_all = lambda calls, timeout=None: asked_together.append(calls) or call_all(calls, timeout)
    dashboard(logged_in)
    [calls] = asked_together
    assert {call[:2] for call in calls.values()} >= {
        ("catalog", "count_products"), ("catalog", "count_low_stock_products"), ("catalog", "list_products"),
        ("orders", "count_backordered_orders"), ("orders", "list_backorders"), ("orders", "list_shipments"),
        ("purchasing", "list_expected_inbound"), ("orders", "summarize_orders")}
    assert calls["shipments"][-1] == {"idwarehouses": [2]} and calls["backordered_count"][-1] == [2]


def test_a_service_that_does_not_answer_leaves_the_other_sections_shown(logged_in, rpc):
    call_all = rpc.call_all

    def orders_down(calls, timeout=None):
        answers = call_all(calls, timeout)
        return {key: ServiceUnavailable("orders did not answer") if calls[key][0] == "orders" else answer
                for key, answer in answers.items()}

    rpc.call_all = orders_down
    rpc.answer("catalog", "list_products", [LOW])
    html = dashboard(logged_in)
    assert 'href="/fulfilmentportal/products/6">BAG</a>' in html
    # open orders, waiting, shipments, returns
    assert html.count('data-testid="section-unavailable"') == 4


def test_backorders_list_filters_by_product(logged_in, rpc):
    html = logged_in.get("/fulfilmentportal/backorders?idproduct=5").get_data(as_text=True)
    assert ("orders", "list_backorders", (7, 0, {"idproduct": 5})) in rpc.calls
    assert 'data-testid="backorders-filter"' in html
    logged_in.get("/fulfilmentportal/backorders?idproduct=x")
    assert ("orders", "list_backorders", (7, 0, None)) in rpc.calls
