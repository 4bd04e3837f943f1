"""The allocator's rules over plain data: which orders it asks catalog for, and how catalog's
answers are paired with them for the recording."""
import pytest

from orders.allocator import Outcome, outcomes, requests_for


def order(order_id: int, stock_reservation: str = "asked", warehouse: int | None = 1) -> dict:
    return {"idorder": order_id, "idfulfilment_customer": 7, "idwarehouse": warehouse,
            "stock_reservation": stock_reservation,
            "products": [{"idorder_product": order_id * 10, "idproduct": 5, "amount": 2}]}


def test_only_orders_still_asking_are_asked_for_each_as_one_request():
    asking, requests = requests_for([order(1), order(2, "recorded"), order(3)])
    assert [found["idorder"] for found in asking] == [1, 3]
    assert requests == [
        {"customer_id": 7, "warehouse_id": 1, "lines": [{"order_line_id": 10, "idproduct": 5, "amount": 2}]},
        {"customer_id": 7, "warehouse_id": 1, "lines": [{"order_line_id": 30, "idproduct": 5, "amount": 2}]}]


def test_answers_are_paired_in_the_order_asked_and_recorded_in_order_id_order():
    held = [{"order_line_id": 30, "amount": 2}]
    paired = outcomes([order(3), order(1)], [{"reservations": held},
                                             {"refused": {"error": "WarehouseNotFound", "message": "warehouse 1 not found"}}])
    assert paired == [Outcome(order(1), refusal="warehouse 1 not found"), Outcome(order(3), reservations=held)]


def test_an_answer_missing_for_an_order_fails_the_batch_which_is_then_asked_again():
    with pytest.raises(ValueError):
        outcomes([order(1), order(2)], [{"reservations": []}])


def test_an_order_handed_over_twice_is_asked_for_once():
    asking, requests = requests_for([order(1), order(1)])
    assert [found["idorder"] for found in asking] == [1] and len(requests) == 1
