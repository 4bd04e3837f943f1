"""Input that once reached a service and failed there (500) is refused at the door with a 4xx
and Picqer's error body; the portal shows its page instead of an error."""
import pytest

LISTS = ["/api/v1/products", "/api/v1/orders", "/api/v1/backorders", "/api/v1/stockhistory",
         "/api/v1/fulfilment/customers", "/api/v1/picklists", "/api/v1/purchaseorders"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", ["%C2%B2", "%E2%91%A0", str(2**63)])
def test_an_offset_that_is_not_an_ascii_whole_number_is_refused(client, operator_headers, path, offset):
    response = client.get(f"{path}?offset={offset}", headers=operator_headers)
    body = response.get_json()
    assert response.status_code == 400 and body["error"] is True and body["error_message"].startswith("offset:")


@pytest.mark.parametrize("query", ["idproduct=%C2%B2", "before=%C2%B3", "idwarehouse=%E2%91%A0", f"before={2**63}"])
def test_stock_history_numbers_must_be_ascii_whole_numbers(client, operator_headers, rpc, query):
    response = client.get(f"/api/v1/stockhistory?{query}", headers=operator_headers)
    assert response.status_code == 400 and response.get_json()["error_message"].startswith(query.split("=")[0])
    assert not [call for call in rpc.calls if call[0] == "catalog"]


@pytest.mark.parametrize("page", ["/fulfilmentportal/orders", "/fulfilmentportal/backorders",
                                  "/fulfilmentportal/products"])
def test_portal_lists_take_a_strange_offset_as_the_first_page(logged_in, rpc, page):
    rpc.answer("orders", "list_orders", [])
    rpc.answer("orders", "list_backorders", [])
    rpc.answer("catalog", "list_products", [])
    rpc.answer("catalog", "list_warehouses", [])
    for offset in ("%C2%B2", str(2**63)):
        assert logged_in.get(f"{page}?offset={offset}").status_code == 200
    assert all(call[2][1] == 0 for call in rpc.calls if call[1] in ("list_orders", "list_backorders"))


def test_portal_stock_history_ignores_strange_numbers(logged_in, rpc):
    rpc.answer("catalog", "list_warehouses", [{"idwarehouse": 1, "name": "Main"}])
    rpc.answer("catalog", "list_stock_history", [])
    response = logged_in.get(f"/fulfilmentportal/stock-history?idwarehouse=%E2%91%A0&before={2**63}")
    assert response.status_code == 200
    assert [call[2][1]["idwarehouse"] for call in rpc.calls if call[1] == "list_stock_history"] == [None]
