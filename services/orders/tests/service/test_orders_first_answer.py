"""Catalog's first answer for an order is recorded from the order as it was committed a moment
before (`orders.first_answer`), not read back: the order it gives, and announces, is exactly the
one read back afterwards; an order changed in between is recorded as it is now."""
import pytest
from orders_fakes import ACME
from orders_flow import ADDRESS, CUP, MUG, WAREHOUSE, place

from orders import allocation, first_answer


@pytest.mark.parametrize("free", [{MUG: 10, CUP: 10}, {MUG: 2}, {}], ids=["all held", "partly held", "nothing held"])
def test_the_order_as_recorded_is_the_order_as_read_back(rpc, catalog, published, free):
    for product, amount in free.items():
        catalog.free[(product, WAREHOUSE)] = amount
    order = place(rpc, (MUG, 3), (CUP, 2))
    with published("orders", "order_processed") as event:
        processed = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert processed["stock_reservation"] == "recorded"
    assert processed == rpc.get_order(ACME, order["idorder"])
    assert event.get()["order"] == processed
    assert [b["idorder_product"] for b in rpc.list_backorders(ACME)] == [
        line["idorder_product"] for line in processed["products"] if line["backordered"]]


def answers_holding_everything(order: dict) -> list[dict]:
    return [{"order_line_id": line["idorder_product"], "idproduct": line["idproduct"], "amount": line["amount"],
             "wanted": line["amount"], "status": "reserved", "version": 1} for line in order["products"]]


def processing(rpc, db) -> dict:
    """An order processed (committed, catalog asked) whose answer is not recorded yet."""
    order = place(rpc, (MUG, 3), (CUP, 2))
    return db.change(allocation.start_processing, ACME, order["idorder"], WAREHOUSE, "warehouse")


@pytest.mark.parametrize("change", ["comment", "tags", "address"])
def test_an_order_changed_after_its_commit_is_recorded_as_it_is_now(rpc, db, change):
    asked = processing(rpc, db)
    if change == "comment":
        rpc.add_order_comment(ACME, asked["idorder"], "Ring twice", "anna")
    elif change == "tags":
        rpc.set_order_tags(ACME, asked["idorder"], ["gift"], "anna")
    else:
        rpc.change_delivery_address(ACME, asked["idorder"], {**ADDRESS, "deliverycity": "Amersfoort"}, "anna")
    recorded = db.change(first_answer.record_first_reservations, asked, answers_holding_everything(asked))
    assert recorded == rpc.get_order(ACME, asked["idorder"])
    assert recorded["stock_reservation"] == "recorded" and len(recorded["picklists"]) == 1
    assert (recorded["comments"], recorded["tags"], recorded["deliverycity"]) != (
        asked["comments"], asked["tags"], asked["deliverycity"])


def test_an_order_cancelled_before_its_answer_is_recorded_holds_nothing(rpc, db):
    asked = processing(rpc, db)
    rpc.cancel_order(ACME, asked["idorder"], "anna")
    recorded = db.change(first_answer.record_first_reservations, asked, answers_holding_everything(asked))
    assert recorded["status"] == "cancelled" and recorded["picklists"] == []
    assert [line["allocated"] for line in recorded["products"]] == [0, 0]


def test_recording_the_same_answer_again_changes_nothing(rpc, db):
    asked = processing(rpc, db)
    answers = answers_holding_everything(asked)
    recorded = db.change(first_answer.record_first_reservations, asked, answers)
    assert db.change(first_answer.record_first_reservations, asked, answers) == recorded
    assert len(recorded["picklists"]) == 1 and [c["change"] for c in recorded["history"]].count("picklist created") == 1
