"""Reservations per order line, all lines of an order in one call, as orders uses them: reserve,
wait in turn, release, ship (consume); and catalog's reconciliation, which serves lines left
waiting beside free stock."""
import logging

import eventlet
import pytest
from catalog_refusals import refusal
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ServiceRpcProxy
from nameko.testing.services import entrypoint_hook
from prometheus_client import REGISTRY
from sqlalchemy import select, text

from catalog.models import Reservation, StockLevel
from catalog.schemas import ReservationOutput
from servicekit.messaging_tables import outbox
from servicekit.testing import assert_shape


@pytest.fixture
def stocked_mug(rpc, mug, warehouse) -> dict:
    """Acme's mug with 10 on hand in the warehouse."""
    rpc.change_stock(mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"], 10, "count")
    return mug


@pytest.fixture
def stocked_cap(rpc, mug, warehouse) -> dict:
    """Acme's cap with 2 on hand in the warehouse."""
    cap = rpc.create_product(mug["idfulfilment_customer"], {"productcode": "CAP-RED", "name": "Red cap"})
    rpc.change_stock(cap["idfulfilment_customer"], cap["idproduct"], warehouse["idwarehouse"], 2, "count")
    return cap


def level(rpc, product, warehouse) -> dict:
    return rpc.get_stock_level(product["idfulfilment_customer"], product["idproduct"], warehouse["idwarehouse"])


def free_and_reserved(rpc, product, warehouse) -> tuple[int, int]:
    found = level(rpc, product, warehouse)
    return found["freestock"], found["reserved"]


def reserve(rpc, product, warehouse, *lines: tuple[int, int]) -> list[dict]:
    """Order lines (id, amount) of `product`, in one call; answers by line id."""
    return rpc.reserve_order_lines(product["idfulfilment_customer"], warehouse["idwarehouse"],
                                   [{"order_line_id": line, "idproduct": product["idproduct"], "amount": amount}
                                    for line, amount in lines])


def held(answers: list[dict]) -> dict[int, int]:
    return {answer["order_line_id"]: answer["amount"] for answer in answers}


def announced(db, event_type: str) -> list[dict]:
    with db.unit_of_work() as uow:
        return uow.session.scalars(select(outbox.c.payload).where(outbox.c.event_type == event_type)
                                   .order_by(outbox.c.created_at)).all()


def test_all_lines_of_an_order_are_reserved_in_one_call(rpc, stocked_mug, stocked_cap, warehouse):
    acme = stocked_mug["idfulfilment_customer"]
    answers = rpc.reserve_order_lines(acme, warehouse["idwarehouse"], [
        {"order_line_id": 1, "idproduct": stocked_mug["idproduct"], "amount": 3},
        {"order_line_id": 2, "idproduct": stocked_cap["idproduct"], "amount": 5},
    ])
    for answer in answers:
        assert_shape(ReservationOutput, answer)
    assert [(a["order_line_id"], a["amount"], a["wanted"], a["status"]) for a in answers] == [
        (1, 3, 3, "reserved"), (2, 2, 5, "reserved")]
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (7, 3)
    assert free_and_reserved(rpc, stocked_cap, warehouse) == (0, 2)


def test_asking_again_for_the_same_lines_reserves_nothing_more(rpc, stocked_mug, warehouse):
    first = reserve(rpc, stocked_mug, warehouse, (1, 3))
    again = reserve(rpc, stocked_mug, warehouse, (1, 3))
    assert again == first
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (7, 3)


def test_what_a_line_misses_waits_and_is_served_in_turn_by_the_receipt(rpc, db, stocked_mug, warehouse):
    assert held(reserve(rpc, stocked_mug, warehouse, (1, 8), (2, 5))) == {1: 8, 2: 2}
    assert held(reserve(rpc, stocked_mug, warehouse, (3, 4))) == {3: 0}
    acme, mug_id, warehouse_id = stocked_mug["idfulfilment_customer"], stocked_mug["idproduct"], warehouse["idwarehouse"]
    rpc.receive_stock(acme, mug_id, warehouse_id, 5, {"type": "receipt", "id": 501})
    # Line 2 is served first (3 more: complete), line 3 gets what is left (2 of 4).
    filled = announced(db, "reservations_filled")
    assert [(r["order_line_id"], r["amount"], r["wanted"]) for r in filled[-1]["reservations"]] == [(2, 5, 5), (3, 2, 4)]
    assert filled[-1]["idfulfilment_customer"] == acme
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (0, 15)
    rpc.change_stock(acme, mug_id, warehouse_id, 4, "found on the shelf")
    assert held(rpc.get_order_line_reservations(acme, [1, 2, 3])) == {1: 8, 2: 5, 3: 4}
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (2, 17)


def test_a_receipt_of_several_products_books_each_once_and_serves_their_waiting_lines(
        rpc, db, stocked_mug, stocked_cap, warehouse):
    reserve(rpc, stocked_mug, warehouse, (1, 12))
    reserve(rpc, stocked_cap, warehouse, (2, 5))
    acme, warehouse_id = stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"]
    lines = [{"idproduct": stocked_mug["idproduct"], "amount": 4}, {"idproduct": stocked_cap["idproduct"], "amount": 1}]
    first = rpc.receive_stock_lines(acme, warehouse_id, {"type": "receipt", "id": 77}, lines)
    again = rpc.receive_stock_lines(acme, warehouse_id, {"type": "receipt", "id": "77"}, lines)
    assert [(level["idproduct"], level["stock"]) for level in first] == [
        (stocked_mug["idproduct"], 14), (stocked_cap["idproduct"], 3)]
    assert again == first
    assert held(rpc.get_order_line_reservations(acme, [1, 2])) == {1: 12, 2: 3}
    filled = announced(db, "reservations_filled")
    assert len(filled) == 1 and {r["order_line_id"] for r in filled[0]["reservations"]} == {1, 2}
    movements = [(row["idproduct"], row["stock_change"], row["reference_id"]) for row in rpc.list_stock_history(acme)
                 if row["reference_type"] == "receipt"]
    assert sorted(movements) == sorted([(stocked_mug["idproduct"], 4, "77"), (stocked_cap["idproduct"], 1, "77")])


def test_a_receipt_naming_a_product_twice_is_refused_and_books_nothing(rpc, stocked_mug, warehouse):
    acme, mug_id = stocked_mug["idfulfilment_customer"], stocked_mug["idproduct"]
    with pytest.raises(RemoteError) as error:
        rpc.receive_stock_lines(acme, warehouse["idwarehouse"], {"type": "receipt", "id": 78},
                                [{"idproduct": mug_id, "amount": 1}, {"idproduct": mug_id, "amount": 2}])
    assert error.value.exc_type == "InvalidStockChange" and error.value.value.startswith("lines: ")
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (10, 0)


def test_a_new_order_cannot_take_stock_before_lines_that_wait(rpc, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, (1, 12))
    assert held(reserve(rpc, stocked_mug, warehouse, (2, 1))) == {2: 0}
    acme, mug_id, warehouse_id = stocked_mug["idfulfilment_customer"], stocked_mug["idproduct"], warehouse["idwarehouse"]
    rpc.receive_stock(acme, mug_id, warehouse_id, 2, {"type": "receipt", "id": 502})
    assert held(rpc.get_order_line_reservations(acme, [1, 2])) == {1: 12, 2: 0}
    rpc.receive_stock(acme, mug_id, warehouse_id, 1, {"type": "receipt", "id": 503})
    assert held(rpc.get_order_line_reservations(acme, [1, 2])) == {1: 12, 2: 1}


def test_versions_grow_with_every_change_of_a_line(rpc, stocked_mug, warehouse):
    first = reserve(rpc, stocked_mug, warehouse, (1, 12))[0]
    rpc.receive_stock(stocked_mug["idfulfilment_customer"], stocked_mug["idproduct"], warehouse["idwarehouse"],
                      1, {"type": "receipt", "id": 504})
    later = rpc.get_order_line_reservations(stocked_mug["idfulfilment_customer"], [1])[0]
    assert (first["amount"], later["amount"]) == (10, 11) and later["version"] > first["version"]


def test_release_gives_stock_back_once_serves_waiting_lines_and_announces_it(rpc, db, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, (1, 4), (2, 9))
    acme, warehouse_id = stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"]
    release = [{"order_line_id": 1, "idproduct": stocked_mug["idproduct"]}]
    assert rpc.release_order_lines(acme, warehouse_id, release)[0]["status"] == "released"
    assert rpc.release_order_lines(acme, warehouse_id, release)[0]["status"] == "released"
    assert held(rpc.get_order_line_reservations(acme, [2])) == {2: 9}
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (1, 9)
    assert [payload["stock"]["freestock"] for payload in announced(db, "stock_changed")] == [10, 1]
    assert announced(db, "reservations_filled")[-1]["reservations"][0]["order_line_id"] == 2


def test_a_line_released_before_it_was_reserved_holds_nothing_later(rpc, stocked_mug, warehouse):
    """A cancel can overtake a reservation still on its way (orders retries both)."""
    acme = stocked_mug["idfulfilment_customer"]
    rpc.release_order_lines(acme, warehouse["idwarehouse"], [{"order_line_id": 5, "idproduct": stocked_mug["idproduct"]}])
    late = reserve(rpc, stocked_mug, warehouse, (5, 3))[0]
    assert (late["status"], late["amount"]) == ("released", 0)
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (10, 0)


def close(rpc, product, warehouse, picklist_id: int, *lines: tuple[int, int, int], reason=None) -> list[dict]:
    """A picklist of `product` closed: lines (id, amount on it, picked)."""
    return rpc.consume_order_lines(product["idfulfilment_customer"], warehouse["idwarehouse"],
                                   {"idpicklist": picklist_id, "picklistid": f"P{picklist_id}", "reason": reason},
                                   [{"order_line_id": line, "idproduct": product["idproduct"], "amount": amount,
                                     "picked": picked} for line, amount, picked in lines])


def test_closing_a_picklist_ships_what_was_picked_with_one_ledger_line_per_product(rpc, stocked_mug, stocked_cap,
                                                                                   warehouse):
    acme = stocked_mug["idfulfilment_customer"]
    reserve(rpc, stocked_mug, warehouse, (7, 4))
    reserve(rpc, stocked_cap, warehouse, (8, 2))
    shipped = rpc.consume_order_lines(acme, warehouse["idwarehouse"], {"idpicklist": 3, "picklistid": "P3"}, [
        {"order_line_id": 7, "idproduct": stocked_mug["idproduct"], "amount": 4, "picked": 4},
        {"order_line_id": 8, "idproduct": stocked_cap["idproduct"], "amount": 2, "picked": 2}])
    assert [(line["status"], line["consumed"], line["amount"], line["wanted"]) for line in shipped] == [
        ("consumed", 4, 0, 0), ("consumed", 2, 0, 0)]
    after = level(rpc, stocked_mug, warehouse)
    assert (after["stock"], after["reserved"], after["freestock"]) == (6, 0, 6)
    history = rpc.list_stock_history(acme)[:2]
    assert sorted((row["productcode"], row["stock_change"], row["reference_type"], row["reference_id"], row["reason"])
                  for row in history) == [("CAP-RED", -2, "picklist", "3", "picklist P3: 2 shipped"),
                                          ("MUG-BLUE", -4, "picklist", "3", "picklist P3: 4 shipped")]


def test_two_lines_of_one_product_on_a_picklist_both_leave_the_shelf_in_one_ledger_line(rpc, stocked_mug, warehouse):
    """An order may name a product twice (Picqer's API allows it): each line ships its own units."""
    acme = stocked_mug["idfulfilment_customer"]
    reserve(rpc, stocked_mug, warehouse, (7, 2), (8, 3))
    shipped = close(rpc, stocked_mug, warehouse, 3, (7, 2, 2), (8, 3, 1), reason="damaged")
    assert [(line["status"], line["consumed"]) for line in shipped] == [("consumed", 2), ("reserved", 1)]
    after = level(rpc, stocked_mug, warehouse)
    assert (after["stock"], after["reserved"]) == (5, 2)  # 10 on hand, 5 off the shelf; line 8 waits for 2
    (moved,) = [row for row in rpc.list_stock_history(acme) if row["reference_type"] == "picklist"]
    assert (moved["stock_change"], moved["reason"]) == (-5, "picklist P3: 3 shipped, 2 not picked (damaged)")


def test_a_closed_picklist_asked_again_ships_nothing_twice(rpc, stocked_mug, warehouse):
    acme = stocked_mug["idfulfilment_customer"]
    reserve(rpc, stocked_mug, warehouse, (7, 4))
    first = close(rpc, stocked_mug, warehouse, 3, (7, 4, 4))
    assert close(rpc, stocked_mug, warehouse, 3, (7, 4, 4)) == first
    assert level(rpc, stocked_mug, warehouse)["stock"] == 6 and len(rpc.list_stock_history(acme)) == 2
    release = [{"order_line_id": 7, "idproduct": stocked_mug["idproduct"]}]
    assert rpc.release_order_lines(acme, warehouse["idwarehouse"], release)[0]["status"] == "consumed"


def test_units_not_picked_leave_the_shelf_and_their_line_waits_for_them_in_turn(rpc, stocked_mug, warehouse, db):
    acme = stocked_mug["idfulfilment_customer"]
    reserve(rpc, stocked_mug, warehouse, (7, 5), (8, 5))  # 10 on hand: both held in full
    after_close = close(rpc, stocked_mug, warehouse, 3, (7, 5, 3), reason="not on its location")[0]
    assert (after_close["status"], after_close["consumed"], after_close["wanted"], after_close["amount"]) == (
        "reserved", 3, 2, 0)
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (0, 5)
    moved = rpc.list_stock_history(acme)[0]
    assert (moved["stock_change"], moved["new_stock"], moved["reason"]) == (
        -5, 5, "picklist P3: 3 shipped, 2 not picked (not on its location)")
    rpc.change_stock(acme, stocked_mug["idproduct"], warehouse["idwarehouse"], 2, "found them")
    assert held(rpc.get_order_line_reservations(acme, [7])) == {7: 2}  # served as stock came
    assert announced(db, "reservations_filled")[-1]["reservations"][0]["order_line_id"] == 7


def test_a_line_that_waits_for_units_not_picked_is_served_at_once_from_free_stock(rpc, db, stocked_mug, warehouse):
    """Free stock beside the line (10 on hand, 5 held): it does not wait for the next receipt."""
    acme = stocked_mug["idfulfilment_customer"]
    reserve(rpc, stocked_mug, warehouse, (7, 5))
    after_close = close(rpc, stocked_mug, warehouse, 3, (7, 5, 3), reason="not on its location")[0]
    assert (after_close["status"], after_close["consumed"], after_close["wanted"], after_close["amount"]) == (
        "reserved", 3, 2, 2)
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (3, 2)
    assert level(rpc, stocked_mug, warehouse)["stock"] == 5
    # Its caller hears it in the answer, as with a new claim.
    assert not announced(db, "reservations_filled")
    assert held(rpc.get_order_line_reservations(acme, [7])) == {7: 2}


def test_a_line_asked_again_for_its_whole_amount_after_shipping_part_wants_only_the_rest(rpc, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, (7, 5))
    close(rpc, stocked_mug, warehouse, 3, (7, 5, 3))
    again = reserve(rpc, stocked_mug, warehouse, (7, 5))[0]  # orders' reconciliation asks with the line's amount
    assert (again["wanted"], again["consumed"], again["amount"]) == (2, 3, 2)


def test_a_picklist_cannot_ship_more_than_its_lines_hold(rpc, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, (7, 4))
    error = refusal(close, rpc, stocked_mug, warehouse, 3, (7, 5, 5))
    assert error.exc_type == "InvalidReservation" and "the picklist has 5 of the line, which holds 4" in error.value
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (6, 4)
    error = refusal(close, rpc, stocked_mug, warehouse, 3, (99, 1, 1))
    assert error.exc_type == "ReservationNotFound"


def test_a_line_reserves_one_product_in_one_warehouse(rpc, stocked_mug, warehouse):
    venlo = rpc.create_warehouse("Venlo")
    reserve(rpc, stocked_mug, warehouse, (1, 1))
    error = refusal(reserve, rpc, stocked_mug, venlo, (1, 1))
    assert error.exc_type == "InvalidReservation" and error.value.startswith("lines: order line 1 already reserves")


def test_a_line_of_a_product_that_is_not_the_customers_reserves_nothing_of_the_order(rpc, stocked_mug, warehouse,
                                                                                   known_customers):
    _, globex = known_customers
    theirs = rpc.create_product(globex, {"productcode": "MUG-BLUE", "name": "Their mug"})
    error = refusal(rpc.reserve_order_lines, stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"], [
        {"order_line_id": 1, "idproduct": stocked_mug["idproduct"], "amount": 2},
        {"order_line_id": 2, "idproduct": theirs["idproduct"], "amount": 2}])
    assert error.exc_type == "ProductNotFound"
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (10, 0)


@pytest.mark.parametrize("lines,message", [
    ([], "lines: Length must be between 1 and 5000."),
    ([{"order_line_id": 0, "idproduct": 1, "amount": 1}], "lines.0.order_line_id: "),
    ([{"order_line_id": 1, "idproduct": 1, "amount": 0}], "lines.0.amount: "),
    ([{"order_line_id": 1, "idproduct": 1, "amount": 2.5}], "lines.0.amount: "),
    ([{"order_line_id": "1", "idproduct": 1, "amount": 1}], "lines.0.order_line_id: "),
    ([{"order_line_id": 1, "idproduct": 1, "amount": 1}] * 2, "lines: order line 1 is named twice"),
])
def test_bad_reservations_are_refused_naming_the_field(rpc, stocked_mug, warehouse, lines, message):
    error = refusal(rpc.reserve_order_lines, stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"], lines)
    assert error.exc_type == "InvalidReservation" and error.value.startswith(message), error.value


def test_stock_cannot_be_counted_below_what_is_reserved(rpc, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, (1, 6))
    acme = stocked_mug["idfulfilment_customer"]
    error = refusal(rpc.set_stock, acme, stocked_mug["idproduct"], warehouse["idwarehouse"], 5, "count")
    assert error.exc_type == "InvalidStockChange" and "reserved" in error.value
    assert rpc.set_stock(acme, stocked_mug["idproduct"], warehouse["idwarehouse"], 6, "count")["freestock"] == 0


def test_many_parallel_orders_never_reserve_more_than_is_on_hand(rpc, db, config, stocked_mug, warehouse):
    """20 orders of two lines (1..3 each) from 20 clients at once (each its own connection),
    against 10 on hand; then a receipt serves the waiting lines oldest first."""
    def client(lines: list[int]) -> list[int]:
        with ServiceRpcProxy("catalog", config) as own:
            return [answer["amount"] for answer in reserve(own, stocked_mug, warehouse, *[(n, n % 3 + 1) for n in lines])]

    pool = eventlet.GreenPool(20)
    assert sum(amount for amounts in pool.imap(client, [[n, n + 20] for n in range(1, 21)]) for amount in amounts) == 10
    rpc.receive_stock(stocked_mug["idfulfilment_customer"], stocked_mug["idproduct"], warehouse["idwarehouse"],
                      100, {"type": "receipt", "id": 505})
    with db.unit_of_work() as uow:
        stock = uow.session.execute(select(StockLevel.on_hand, StockLevel.reserved)).one()
        reserved = uow.session.execute(select(Reservation.order_line_id, Reservation.amount)).all()
    wanted = sum(line % 3 + 1 for line in range(1, 41))
    assert tuple(stock) == (110, wanted) and sum(amount for _, amount in reserved) == wanted
    assert all(amount == line % 3 + 1 for line, amount in reserved)


def left_waiting(db, order_line_id: int, wanted: int) -> None:
    """As a path that forgets to serve would leave it: the line wants more, beside free stock."""
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE reservations SET wanted = :wanted WHERE order_line_id = :line"),
                            {"wanted": wanted, "line": order_line_id})
        uow.commit()


def reconcile(container) -> None:
    """One round of catalog's reconciliation, as its timer runs it."""
    with entrypoint_hook(container, "serve_lines_waiting_beside_free_stock") as one_round:
        one_round()


def test_a_line_left_waiting_beside_free_stock_is_served_by_the_reconciliation_and_announced(
        rpc, db, container, stocked_mug, stocked_cap, warehouse, caplog):
    acme = stocked_mug["idfulfilment_customer"]
    reserve(rpc, stocked_mug, warehouse, (1, 4), (2, 3))  # 10 on hand: 3 free
    reserve(rpc, stocked_cap, warehouse, (3, 2))  # all 2 held: nothing free
    left_waiting(db, 1, 6)
    left_waiting(db, 2, 5)
    left_waiting(db, 3, 3)
    repairs = {"service": "catalog", "repair": "lines waiting beside free stock served"}
    repaired_before = REGISTRY.get_sample_value("fulfilment_reconciliation_repairs_total", repairs) or 0
    with caplog.at_level(logging.WARNING, logger="catalog.waiting_reconciliation"):
        reconcile(container)
    assert REGISTRY.get_sample_value("fulfilment_reconciliation_repairs_total", repairs) == repaired_before + 1
    # Oldest first: line 1 gets the 2 it misses, line 2 the 1 left; the cap has none to give.
    assert held(rpc.get_order_line_reservations(acme, [1, 2, 3])) == {1: 6, 2: 4, 3: 2}
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (0, 10)
    filled = announced(db, "reservations_filled")[-1]["reservations"]
    assert [(r["order_line_id"], r["amount"], r["wanted"]) for r in filled] == [(1, 6, 6), (2, 4, 5)]
    assert f"product {stocked_mug['idproduct']} in warehouse {warehouse['idwarehouse']} had free stock" in caplog.text
    assert "served order lines [1, 2]" in caplog.text


def test_a_new_order_is_served_after_lines_left_waiting_beside_free_stock_which_are_announced(
        rpc, db, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, (1, 4), (2, 3))  # 10 on hand: 3 free
    left_waiting(db, 2, 5)
    assert held(reserve(rpc, stocked_mug, warehouse, (3, 2), (4, 1))) == {3: 1, 4: 0}
    acme = stocked_mug["idfulfilment_customer"]
    assert held(rpc.get_order_line_reservations(acme, [1, 2])) == {1: 4, 2: 5}
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (0, 10)
    filled = announced(db, "reservations_filled")[-1]["reservations"]
    assert [(r["order_line_id"], r["amount"], r["wanted"]) for r in filled] == [(2, 5, 5)]
    assert announced(db, "free_stock_changed")[-1]["products"][0]["freestock"] == 0


def test_a_line_asked_again_for_more_waits_for_it_in_its_turn_before_newer_lines(rpc, stocked_mug, warehouse):
    first = reserve(rpc, stocked_mug, warehouse, (1, 4), (2, 7))[0]  # 10 on hand: line 2 misses 1
    again = reserve(rpc, stocked_mug, warehouse, (1, 5), (3, 1))
    assert held(again) == {1: 4, 3: 0} and again[0]["wanted"] == 5 and again[0]["version"] > first["version"]
    rpc.receive_stock(stocked_mug["idfulfilment_customer"], stocked_mug["idproduct"], warehouse["idwarehouse"],
                      2, {"type": "receipt", "id": 506})
    assert held(rpc.get_order_line_reservations(stocked_mug["idfulfilment_customer"], [1, 2, 3])) == {1: 5, 2: 7, 3: 0}


def test_a_line_cannot_be_asked_again_for_less_than_it_holds(rpc, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, (1, 4))
    error = refusal(rpc.reserve_order_lines, stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"],
                    [{"order_line_id": 1, "idproduct": stocked_mug["idproduct"], "amount": 3}])
    assert (error.exc_type, error.value) == ("InvalidReservation", "lines: order line 1 holds 4; it cannot want only 3")
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (6, 4)


def test_a_round_with_nothing_waiting_beside_free_stock_changes_and_announces_nothing(
        rpc, db, container, stocked_mug, warehouse, caplog):
    reserve(rpc, stocked_mug, warehouse, (1, 4), (2, 9))  # line 2 waits, nothing is free
    before = held(rpc.get_order_line_reservations(stocked_mug["idfulfilment_customer"], [1, 2]))
    filled = len(announced(db, "reservations_filled"))
    with caplog.at_level(logging.WARNING, logger="catalog.waiting_reconciliation"):
        reconcile(container)
    assert held(rpc.get_order_line_reservations(stocked_mug["idfulfilment_customer"], [1, 2])) == before
    assert len(announced(db, "reservations_filled")) == filled
    assert not [record for record in caplog.records if record.name == "catalog.waiting_reconciliation"]


def test_the_reconciliation_runs_on_one_replica_at_a_time(rpc, db, container, stocked_mug, warehouse):
    """While another replica has the turn, a round does nothing; the next one serves."""
    reserve(rpc, stocked_mug, warehouse, (1, 4))
    left_waiting(db, 1, 5)
    with db.exclusive("serving lines waiting beside free stock") as theirs:
        assert theirs
        reconcile(container)
        assert held(rpc.get_order_line_reservations(stocked_mug["idfulfilment_customer"], [1])) == {1: 4}
    reconcile(container)
    assert held(rpc.get_order_line_reservations(stocked_mug["idfulfilment_customer"], [1])) == {1: 5}


def test_several_orders_are_reserved_in_one_call_and_a_refused_one_holds_nothing(rpc, stocked_mug, stocked_cap,
                                                                                  warehouse):
    acme, place = stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"]
    answers = rpc.reserve_orders_lines([
        {"customer_id": acme, "warehouse_id": place, "lines": [
            {"order_line_id": 1, "idproduct": stocked_cap["idproduct"], "amount": 1},
            {"order_line_id": 2, "idproduct": stocked_mug["idproduct"], "amount": 4}]},
        {"customer_id": acme, "warehouse_id": 999999, "lines": [
            {"order_line_id": 3, "idproduct": stocked_mug["idproduct"], "amount": 1}]},
        {"customer_id": acme, "warehouse_id": place, "lines": [
            {"order_line_id": 4, "idproduct": stocked_mug["idproduct"], "amount": 8}]},
    ])
    assert [held(answer["reservations"]) if "reservations" in answer else answer for answer in answers] == [
        {1: 1, 2: 4}, {"refused": {"error": "WarehouseNotFound", "message": "warehouse 999999 not found"}}, {4: 6}]
    assert [line["wanted"] for line in answers[2]["reservations"]] == [8]  # the rest waits in turn
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (0, 10)
    assert reserve(rpc, stocked_mug, warehouse, (3, 1)) == [  # the refused line was never claimed
        {**reserve(rpc, stocked_mug, warehouse, (3, 1))[0], "amount": 0, "wanted": 1, "version": 1}]


def test_a_batch_answers_as_the_single_call_does_and_asking_again_changes_nothing(rpc, stocked_mug, warehouse):
    acme, place = stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"]
    request = {"customer_id": acme, "warehouse_id": place,
               "lines": [{"order_line_id": 1, "idproduct": stocked_mug["idproduct"], "amount": 3}]}
    [first] = rpc.reserve_orders_lines([request])
    [again] = rpc.reserve_orders_lines([request])
    assert first == again == {"reservations": reserve(rpc, stocked_mug, warehouse, (1, 3))}
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (7, 3)


def test_a_batch_cannot_claim_another_customers_product(rpc, stocked_mug, warehouse):
    acme, place = stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"]
    [answer] = rpc.reserve_orders_lines([{"customer_id": acme + 1, "warehouse_id": place, "lines": [
        {"order_line_id": 1, "idproduct": stocked_mug["idproduct"], "amount": 3}]}])
    assert answer["refused"]["error"] == "ProductNotFound"
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (10, 0)


def test_batches_over_the_same_products_in_opposite_orders_all_reserve(rpc, config, stocked_mug, stocked_cap,
                                                                        warehouse):
    acme, place = stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"]

    def batch(first: int, products: list[dict]):
        with ServiceRpcProxy("catalog", config) as own:
            return own.reserve_orders_lines([
                {"customer_id": acme, "warehouse_id": place,
                 "lines": [{"order_line_id": first + number, "idproduct": product["idproduct"], "amount": 1}]}
                for number, product in enumerate(products)])

    pool = eventlet.GreenPool()
    runs = [pool.spawn(batch, 100 * run, [stocked_mug, stocked_cap] if run % 2 else [stocked_cap, stocked_mug])
            for run in range(1, 7)]
    answers = [answer for run in runs for answer in run.wait()]
    assert all("reservations" in answer for answer in answers)
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (4, 6)
    assert free_and_reserved(rpc, stocked_cap, warehouse) == (0, 2)


def test_one_refused_order_of_a_clients_batch_leaves_the_others_reserved_in_turn(rpc, stocked_mug, warehouse):
    acme, place = stocked_mug["idfulfilment_customer"], warehouse["idwarehouse"]
    answers = rpc.reserve_orders_lines([
        {"customer_id": acme, "warehouse_id": place, "lines": [
            {"order_line_id": line, "idproduct": product, "amount": amount}]}
        for line, product, amount in ((1, stocked_mug["idproduct"], 6), (2, 999999, 1), (3, stocked_mug["idproduct"], 6))])
    assert answers[1] == {"refused": {"error": "ProductNotFound", "message": "product 999999 not found"}}
    assert [(held(answers[number]["reservations"]), answers[number]["reservations"][0]["wanted"])
            for number in (0, 2)] == [({1: 6}, 6), ({3: 4}, 6)]
    assert free_and_reserved(rpc, stocked_mug, warehouse) == (0, 10)
