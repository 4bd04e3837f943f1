"""The client's webhooks in the portal, with accounts faked from its contract."""
from gateway_fakes import USER_7, csrf_token

ADMIN = {**USER_7, "permissions": ["users"]}
HOOK = {"idhook": 3, "idfulfilment_customer": 7, "name": "To ERP", "event": "orders.created",
        "address": "https://erp.acme.example/hooks/picqer", "secret": True, "active": False, "failures": 10,
        "deactivated_reason": "10 deliveries in a row failed; the last: HTTP 500", "created_at": "2026-12-01T09:00:00+00:00"}
DELIVERED = {"delivery_id": "d-1", "event": "orders.created", "created_at": "2026-12-01T09:05:00+00:00", "attempts": 1,
             "next_attempt_at": "2026-12-01T09:05:00+00:00", "delivered_at": "2026-12-01T09:05:01+00:00",
             "last_status": 200, "last_error": None}
FAILED = {**DELIVERED, "delivery_id": "d-2", "attempts": 10, "delivered_at": None, "last_status": 500,
          "last_error": "HTTP 500 from the receiver"}


def admin(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", ADMIN)
    rpc.answer("accounts", "list_hooks", [HOOK])
    rpc.answer("accounts", "get_hook", HOOK)
    rpc.answer("accounts", "list_hook_deliveries", [FAILED, DELIVERED])
    return logged_in


def test_the_webhooks_page_lists_the_clients_own_hooks_with_their_state(logged_in, rpc):
    html = admin(logged_in, rpc).get("/fulfilmentportal/webhooks").get_data(as_text=True)
    assert "To ERP" in html and "orders.created" in html and "Deactivated" in html
    assert ("accounts", "list_hooks", (7, 0)) in rpc.calls
    assert 'href="/fulfilmentportal/webhooks"' in html  # in the menu


def test_a_hooks_page_shows_each_deliverys_outcome_and_why_it_was_deactivated(logged_in, rpc):
    html = admin(logged_in, rpc).get("/fulfilmentportal/webhooks/3").get_data(as_text=True)
    assert "10 deliveries in a row failed" in html and 'data-testid="reactivate"' in html
    assert "Delivered" in html and "HTTP 200" in html
    assert "Failed" in html and "HTTP 500 from the receiver" in html and "Waits until the webhook is reactivated" in html
    assert ("accounts", "list_hook_deliveries", (7, 3)) in rpc.calls


def test_a_delivery_is_sent_again_and_a_hook_reactivated_for_the_sessions_client(logged_in, rpc):
    token = csrf_token(admin(logged_in, rpc).get("/fulfilmentportal/webhooks/3").get_data(as_text=True))
    rpc.answer("accounts", "resend_hook_delivery", {**DELIVERED, "delivery_id": "d-3", "delivered_at": None})
    response = logged_in.post("/fulfilmentportal/webhooks/3/resend", data={"delivery_id": "d-1", "csrf_token": token})
    assert response.location.endswith("/fulfilmentportal/webhooks/3#deliveries")
    assert rpc.calls[-1] == ("accounts", "resend_hook_delivery", (7, 3, "d-1"))
    rpc.answer("accounts", "reactivate_hook", {**HOOK, "active": True})
    logged_in.post("/fulfilmentportal/webhooks/3/reactivate", data={"csrf_token": token})
    assert rpc.calls[-1] == ("accounts", "reactivate_hook", (7, 3))


def test_a_delivery_no_longer_kept_says_so(logged_in, rpc):
    token = csrf_token(admin(logged_in, rpc).get("/fulfilmentportal/webhooks/3").get_data(as_text=True))
    rpc.answer("accounts", "resend_hook_delivery", error=("HookNotFound", "delivery x of hook 3 not found"))
    logged_in.post("/fulfilmentportal/webhooks/3/resend", data={"delivery_id": "x", "csrf_token": token})
    assert "no longer kept" in logged_in.get("/fulfilmentportal/webhooks/3").get_data(as_text=True)


def test_another_clients_hook_is_not_found(logged_in, rpc):
    admin(logged_in, rpc)
    rpc.answer("accounts", "get_hook", error=("HookNotFound", "hook 9 not found"))
    assert logged_in.get("/fulfilmentportal/webhooks/9").status_code == 404
    token = csrf_token(logged_in.get("/fulfilmentportal/webhooks").get_data(as_text=True))
    assert logged_in.post("/fulfilmentportal/webhooks/9/reactivate", data={"csrf_token": token}).status_code == 404
    assert not any(call[1] == "reactivate_hook" for call in rpc.calls)


def test_without_user_administration_or_when_limited_to_some_warehouses_the_page_is_refused(logged_in, rpc):
    rpc.answer("accounts", "get_session_user", {**USER_7, "permissions": ["ordering"]})
    assert logged_in.get("/fulfilmentportal/webhooks").status_code == 403
    rpc.answer("accounts", "get_session_user", {**ADMIN, "warehouse_ids": [1]})
    assert logged_in.get("/fulfilmentportal/webhooks").status_code == 403
    assert 'href="/fulfilmentportal/webhooks"' not in logged_in.get("/fulfilmentportal/account").get_data(as_text=True)
