"""The warehouse's own API keys from the command line: made with scopes and printed once,
listed without the key, revoked; bad arguments refused with a message, nothing written. Rate
limits also over RPC, as the operator's API sets them."""
import pytest
from test_accounts_webhooks import refusal

from accounts import operator_keys
from accounts.schemas import ApiKeyListed
from servicekit.testing import assert_shape


def run(db, capsys, *argv) -> tuple[int, str, str]:
    code = operator_keys.main(list(argv), db)
    out, err = capsys.readouterr()
    return code, out, err


def test_an_operator_key_is_made_with_scopes_listed_and_revoked(rpc, db, capsys):
    code, out, err = run(db, capsys, "create", " WMS link ", "--scopes", "stock, orders")
    key = out.splitlines()[1]
    assert code == 0 and "“WMS link” (stock, orders)" in out and "not shown again" in err
    identity = rpc.authenticate_api_key(key)
    assert (identity["scope"], identity["scopes"], identity["name"]) == ("operator", ["stock", "orders"], "WMS link")
    code, out, _ = run(db, capsys, "list")
    assert code == 0 and key not in out and "active" in out and "stock, orders" in out and "WMS link" in out
    assert run(db, capsys, "revoke", str(identity["key_id"]))[0] == 0
    assert "revoked" in run(db, capsys, "list")[1]
    with pytest.raises(Exception, match="InvalidApiKey"):
        rpc.authenticate_api_key(key)


def test_a_customer_key_is_not_the_operators_to_revoke_here(rpc, db, capsys):
    customer = rpc.create_customer({"name": "Acme BV"})["idfulfilment_customer"]
    made = rpc.create_customer_api_key(customer, "shop link")
    code, _, err = run(db, capsys, "revoke", str(made["key_id"]))
    assert code == 1 and f"no operator key {made['key_id']}" in err
    assert rpc.authenticate_api_key(made["key"])["customer_id"] == customer


def test_the_operator_gives_any_key_its_own_rate_limit_and_takes_it_back(rpc, db, capsys):
    code, out, _ = run(db, capsys, "create", "WMS link", "--rate-limit", "2000")
    operators = rpc.authenticate_api_key(out.splitlines()[1])
    assert code == 0 and "2000/min" in out and operators["rate_limit"] == 2000
    customer = rpc.create_customer({"name": "Acme BV"})["idfulfilment_customer"]
    shop = rpc.create_customer_api_key(customer, "shop link")
    assert rpc.authenticate_api_key(shop["key"])["rate_limit"] is None  # the gateway's default
    code, out, _ = run(db, capsys, "rate-limit", str(shop["key_id"]), "60")
    assert code == 0 and "60/min" in out
    assert rpc.authenticate_api_key(shop["key"])["rate_limit"] == 60
    assert [key["rate_limit"] for key in rpc.list_api_keys(customer)] == [60]
    code, out, _ = run(db, capsys, "list", "--customer", str(customer))
    assert code == 0 and "60/min" in out and "shop link" in out and "WMS link" not in out
    assert run(db, capsys, "rate-limit", str(shop["key_id"]), "default")[0] == 0
    assert rpc.authenticate_api_key(shop["key"])["rate_limit"] is None
    code, _, err = run(db, capsys, "rate-limit", "999999", "10")
    assert code == 1 and "no API key 999999" in err


@pytest.mark.parametrize("argv, message", [
    (["rate-limit", "1", "0"], "requests a minute"),
    (["rate-limit", "1", "lots"], "requests a minute"),
    (["create", "x", "--rate-limit", "-5"], "requests a minute"),
    (["create", "x", "--scopes", "stock,everything"], "not everything"),
    (["create", "  "], "name of 1 to 200 characters"),
    (["revoke", "twelve"], "invalid int value"),
])
def test_bad_arguments_are_refused_with_a_message(db, capsys, argv, message):
    with pytest.raises(SystemExit) as refused:
        operator_keys.main(argv, db)
    assert refused.value.code == 2 and message in capsys.readouterr().err
    assert "WMS" not in run(db, capsys, "list")[1]


def test_over_rpc_the_operator_lists_its_keys_and_sets_any_keys_rate_limit(rpc):
    """What the operator's API (`/fulfilment/apikeys`) asks: the same rule as the command line."""
    wms = rpc.create_api_key("operator", None, "WMS link", None, ["stock"])
    customer = rpc.create_customer({"name": "Acme BV"})["idfulfilment_customer"]
    shop = rpc.create_customer_api_key(customer, "shop link")
    assert [(key["name"], key["scope"], key["customer_id"]) for key in rpc.list_operator_api_keys()] == [
        ("WMS link", "operator", None)]
    changed = rpc.set_api_key_rate_limit(shop["key_id"], 1_000_000)
    assert_shape(ApiKeyListed, changed)
    assert (changed["key_id"], changed["scope"], changed["customer_id"], changed["rate_limit"]) == (
        shop["key_id"], "customer", customer, 1_000_000)
    assert rpc.authenticate_api_key(shop["key"])["rate_limit"] == 1_000_000
    assert rpc.set_api_key_rate_limit(wms["key_id"], 1)["rate_limit"] == 1
    assert rpc.set_api_key_rate_limit(shop["key_id"], None)["rate_limit"] is None
    for refused in (0, -5, 1_000_001, 2.0, 500_000.5, "60", True, [60]):
        error = refusal(rpc.set_api_key_rate_limit, shop["key_id"], refused)
        assert error.exc_type == "InvalidValue" and error.value.startswith("rate_limit: "), refused
    assert rpc.authenticate_api_key(shop["key"])["rate_limit"] is None
    assert refusal(rpc.set_api_key_rate_limit, 999_999, 10).exc_type == "ApiKeyNotFound"
