"""The Returns page, with the services faked by their contracts."""
from test_returns_api import RETURN


def test_the_returns_page_shows_each_return_with_its_steps(logged_in, rpc):
    rpc.answer("orders", "list_returns", [{**RETURN, "status": "completed", "idorder_replacement": 40,
                                           "replacement_products": [{"idproduct": 5, "productcode": "MUG-1",
                                                                     "name": "Mug", "amount": 1}]}])
    html = logged_in.get("/fulfilmentportal/returns?status=completed&offset=x").get_data(as_text=True)
    assert "R2026000007" in html and "1 × MUG-1 Mug — broken" in html
    assert 'href="/fulfilmentportal/orders/40"' in html and "API key shop" in html
    asked = [call for call in rpc.calls if call[1] == "list_returns"][-1]
    assert asked == ("orders", "list_returns", (7, 0, {"status": "completed"}))


def test_without_returns_the_page_says_what_will_appear(logged_in, rpc):
    rpc.answer("orders", "list_returns", [])
    assert "There are no returns yet." in logged_in.get("/fulfilmentportal/returns?status=lost").get_data(as_text=True)
