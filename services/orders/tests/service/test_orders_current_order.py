"""The current order: built up over sessions and devices, placed once, then empty again."""
import pytest
from orders_fakes import ACME, GLOBEX
from nameko.exceptions import RemoteError
from sqlalchemy import select

from orders.models import CurrentOrder, CurrentOrderLine

ANNA, BOB = 101, 102
ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


def remote_error(call, *args) -> RemoteError:
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


def test_lines_are_kept_with_todays_product_details(rpc):
    rpc.set_current_order_line(ACME, ANNA, 11, 2)
    assert rpc.set_current_order_line(ACME, ANNA, 12, 1) == {"amounts": {"11": 2, "12": 1}}
    rpc.set_current_order_line(ACME, ANNA, 11, 5)  # a new amount replaces the old
    current = rpc.get_current_order(ACME, ANNA)
    assert [(l["productcode"], l["amount"], l["freestock"]) for l in current["lines"]] == [("MUG-1", 5, 8), ("CUP-1", 1, 0)]
    assert rpc.set_current_order_line(ACME, ANNA, 12, 0) == {"amounts": {"11": 5}}


def test_totals_count_every_line_not_only_the_page_shown(rpc):
    assert rpc.get_current_order(ACME, ANNA)["totals"] == {"items": 0, "total": "0.00"}
    rpc.set_current_order_line(ACME, ANNA, 11, 5)
    rpc.set_current_order_line(ACME, ANNA, 12, 2)
    assert rpc.get_current_order(ACME, ANNA, 100)["totals"] == {"items": 7, "total": "28.50"}  # 5 × 4.50 + 2 × 3.00
    assert rpc.get_current_order(ACME, BOB)["totals"] == {"items": 0, "total": "0.00"}


def test_each_user_has_a_current_order_of_their_own(rpc):
    rpc.set_current_order_line(ACME, ANNA, 11, 2)
    assert rpc.count_current_order_lines(ACME, BOB) == {"amounts": {}}
    assert rpc.count_current_order_lines(GLOBEX, ANNA) == {"amounts": {}}


def test_another_clients_product_or_a_bad_amount_cannot_be_added(rpc):
    error = remote_error(rpc.set_current_order_line, ACME, ANNA, 21, 1)
    assert (error.exc_type, error.value) == ("ProductNotFound", "product 21 not found")
    for amount in (-1, 1.5, "3", 10**6):
        assert "amount" in remote_error(rpc.set_current_order_line, ACME, ANNA, 11, amount).value
    assert rpc.count_current_order_lines(ACME, ANNA) == {"amounts": {}}


def test_details_are_checked_as_they_are_typed(rpc):
    saved = rpc.update_current_order(ACME, ANNA, {"deliveryname": "Jan", "deliverycountry": "be"})
    assert saved["details"] == {"deliveryname": "Jan", "deliverycountry": "BE"}
    assert "deliverycountry" in remote_error(rpc.update_current_order, ACME, ANNA, {"deliverycountry": "XX"}).value


def test_the_recipients_email_and_telephone_go_with_the_placed_order(rpc):
    rpc.set_current_order_line(ACME, ANNA, 11, 1)
    assert "emailaddress" in remote_error(rpc.update_current_order, ACME, ANNA, {"emailaddress": "jan@"}).value
    rpc.update_current_order(ACME, ANNA, {**ADDRESS, "emailaddress": " jan@example.nl ", "telephone": "06 1234 5678"})
    current = rpc.get_current_order(ACME, ANNA)
    order = rpc.place_current_order(ACME, ANNA, current["version"], "anna")
    assert (order["emailaddress"], order["telephone"]) == ("jan@example.nl", "06 1234 5678")


def test_placing_makes_a_portal_order_and_empties_the_current_order(rpc):
    rpc.set_current_order_line(ACME, ANNA, 11, 2)
    rpc.update_current_order(ACME, ANNA, {**ADDRESS, "customer_remarks": "Ring twice"})
    version = rpc.get_current_order(ACME, ANNA)["version"]
    order = rpc.place_current_order(ACME, ANNA, version, "anna")
    assert (order["source"], order["status"], order["customer_remarks"]) == ("portal", "concept", "Ring twice")
    assert [(l["productcode"], l["amount"]) for l in order["products"]] == [("MUG-1", 2)]
    assert rpc.get_current_order(ACME, ANNA)["lines"] == [] and rpc.get_current_order(ACME, ANNA)["details"] == {}


def test_placing_twice_with_the_same_version_places_one_order(rpc):
    rpc.set_current_order_line(ACME, ANNA, 11, 1)
    version = rpc.update_current_order(ACME, ANNA, ADDRESS)["version"]
    first = rpc.place_current_order(ACME, ANNA, version, "anna")
    assert rpc.place_current_order(ACME, ANNA, version, "anna") == first
    assert len(rpc.list_orders(ACME)) == 1


def test_a_current_order_changed_elsewhere_is_not_placed_unseen(rpc):
    rpc.set_current_order_line(ACME, ANNA, 11, 1)
    version = rpc.update_current_order(ACME, ANNA, ADDRESS)["version"]
    rpc.set_current_order_line(ACME, ANNA, 12, 4)  # another tab
    assert "changed meanwhile" in remote_error(rpc.place_current_order, ACME, ANNA, version, "anna").value
    assert rpc.list_orders(ACME) == []


def test_an_incomplete_current_order_is_not_placed_and_is_kept(rpc):
    rpc.set_current_order_line(ACME, ANNA, 11, 1)
    version = rpc.update_current_order(ACME, ANNA, {"deliveryname": "Jan"})["version"]
    error = remote_error(rpc.place_current_order, ACME, ANNA, version, "anna")
    assert error.exc_type == "InvalidOrder" and "deliverycity" in error.value
    assert len(rpc.get_current_order(ACME, ANNA)["lines"]) == 1


def test_an_empty_current_order_cannot_be_placed(rpc):
    version = rpc.update_current_order(ACME, ANNA, ADDRESS)["version"]
    assert "products" in remote_error(rpc.place_current_order, ACME, ANNA, version, "anna").value


def test_import_puts_every_line_in_or_none_naming_each_bad_row(rpc):
    rows = [{"row": 2, "productcode": "MUG-1", "amount": 3.0}, {"row": 3, "productcode": "CUP-1", "amount": "2"},
            {"row": 4, "productcode": "GLOBEX-1", "amount": 1}, {"row": 5, "productcode": "MUG-1", "amount": 1},
            {"row": 6, "productcode": "CUP-1", "amount": -1}, {"row": 7, "productcode": "", "amount": 1.5}]
    result = rpc.import_current_order_lines(ACME, ANNA, rows)
    assert result["imported"] == 0 and [(e["row"], e["field"]) for e in result["errors"]] == [
        (4, "productcode"), (5, "productcode"), (6, "productcode"), (6, "amount"), (7, "productcode"), (7, "amount")]
    assert "unknown product code 'GLOBEX-1'" in result["errors"][0]["message"]
    assert "'MUG-1' is also on row 2" in result["errors"][1]["message"]
    assert rpc.count_current_order_lines(ACME, ANNA) == {"amounts": {}}
    assert rpc.import_current_order_lines(ACME, ANNA, rows[:2]) == {"imported": 2, "errors": []}
    assert rpc.count_current_order_lines(ACME, ANNA) == {"amounts": {"11": 3, "12": 2}}


def test_an_empty_or_huge_import_is_refused(rpc):
    assert "rows" in remote_error(rpc.import_current_order_lines, ACME, ANNA, []).value
    many = [{"row": n, "productcode": "MUG-1", "amount": 1} for n in range(10_001)]
    assert "10000" in remote_error(rpc.import_current_order_lines, ACME, ANNA, many).value


def test_a_long_current_order_is_read_a_page_of_lines_at_a_time(rpc, db):
    rpc.set_current_order_line(ACME, ANNA, 11, 3)
    with db.unit_of_work() as uow:
        current_id = uow.session.scalar(select(CurrentOrder.id).where(CurrentOrder.user_id == ANNA))
        uow.session.add_all(CurrentOrderLine(current_order_id=current_id, product_id=1000 + n, amount=1)
                            for n in range(250))
        uow.commit()
    first = rpc.get_current_order(ACME, ANNA)
    assert (len(first["lines"]), first["line_count"], first["offset"]) == (100, 251, 0)
    assert first["lines"][0] == {"idproduct": 11, "amount": 3, "productcode": "MUG-1", "name": "Mug",
                                 "price": "4.50", "freestock": 8, "available": True}
    last = rpc.get_current_order(ACME, ANNA, 200)
    assert [line["idproduct"] for line in last["lines"]] == list(range(1199, 1250))
    assert "offset" in remote_error(rpc.get_current_order, ACME, ANNA, -1).value
