"""Idempotency-Key on every POST, kept in Redis (127.0.0.1:6379 on these machines)."""
import uuid

SUPPLIER = {"idsupplier": 3, "idfulfilment_customer": 7, "name": "Hanse"}


def test_a_retried_create_with_the_same_key_gets_the_first_answer_and_makes_nothing_twice(
        client, customer_headers, rpc):
    rpc.answer("purchasing", "create_supplier", SUPPLIER)
    headers = {**customer_headers, "Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/api/v1/suppliers", json={"name": "Hanse"}, headers=headers)
    again = client.post("/api/v1/suppliers", json={"name": "Hanse"}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200) and again.get_json() == first.get_json()
    assert [call[1] for call in rpc.calls].count("create_supplier") == 1
    other_body = client.post("/api/v1/suppliers", json={"name": "Other"}, headers=headers)
    assert (other_body.status_code, other_body.get_json()["error"]) == (409, True)
    fresh = client.post("/api/v1/suppliers", json={"name": "Hanse"},
                        headers={**customer_headers, "Idempotency-Key": str(uuid.uuid4())})
    assert fresh.status_code == 201 and [call[1] for call in rpc.calls].count("create_supplier") == 2


def test_a_server_error_frees_the_key_for_a_retry(client, customer_headers, rpc):
    rpc.answer("purchasing", "create_supplier", error=("SomethingUnexpected", "boom"))
    headers = {**customer_headers, "Idempotency-Key": str(uuid.uuid4())}
    assert client.post("/api/v1/suppliers", json={"name": "Hanse"}, headers=headers).status_code == 500
    rpc.answer("purchasing", "create_supplier", SUPPLIER)
    assert client.post("/api/v1/suppliers", json={"name": "Hanse"}, headers=headers).status_code == 201


def test_a_key_reused_with_another_query_is_refused_not_answered_with_the_first(client, operator_headers, rpc):
    hook = {"idhook": 5, "idfulfilment_customer": 7, "created_at": "2026-12-01T07:00:00+00:00"}
    rpc.answer("accounts", "get_hook", hook)
    rpc.answer("accounts", "reactivate_hook", hook)
    headers = {**operator_headers, "Idempotency-Key": str(uuid.uuid4())}
    first = client.post("/api/v1/hooks/5/reactivate?idfulfilment_customer=7", headers=headers)
    other = client.post("/api/v1/hooks/5/reactivate?idfulfilment_customer=8", headers=headers)
    assert (first.status_code, other.status_code) == (200, 409)
    assert [call[1] for call in rpc.calls].count("reactivate_hook") == 1
