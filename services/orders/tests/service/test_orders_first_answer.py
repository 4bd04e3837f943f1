"""An order placed, and catalog's first answer for it, are written in plain statements and the
order given back is made from what was written (`placing`, `orders.first_answer`), not read back:
it is exactly the one read back afterwards; an order changed before the answer is recorded as it
is now."""
from datetime import datetime, timezone

import eventlet
import pytest
from sqlalchemy import select
from orders_fakes import ACME
from orders_flow import ADDRESS, CUP, MUG, WAREHOUSE, place

from orders import allocation, first_answer, lookup, placing
from orders.models import CustomerOrderRules
from servicekit.messaging_tables import outbox

PICQER_FIELDS = {"reference": "SHOP-7", "deliverycontactname": "Jan", "customer_remarks": "Ring twice",
                 "emailaddress": "jan@example.com", "telephone": "0612345678", "invoicename": "Jansen BV",
                 "invoiceaddress": "Kerkstraat 2", "invoicezipcode": "1234 AB", "invoicecity": "Utrecht",
                 "invoicecountry": "nl", "idcustomer": 77}


def rules(uow, **rule) -> None:
    uow.session.add(CustomerOrderRules(customer_id=ACME, changes_allowed_until="processing", version=1,
                                       allowed_shipping_profiles=[], updated_at=datetime.now(timezone.utc), **rule))
    uow.commit()


@pytest.mark.parametrize("rule", [None, {"process_orders_at_once": True, "preferred_warehouse_id": WAREHOUSE},
                                  {"process_orders_at_once": True, "preferred_warehouse_id": None}],
                         ids=["the client's defaults", "processed at once", "at once, but no warehouse"])
def test_the_order_as_placed_is_the_order_as_read_back(rpc, db, products_announced, rule):
    if rule is not None:
        db.change(lambda uow: rules(uow, **rule))
    data = {**ADDRESS, **PICQER_FIELDS,
            "products": [{"idproduct": MUG, "amount": 3, "price": "2.5"}, {"productcode": "CUP-1", "amount": 1}]}
    placed = db.change(placing.create_order, ACME, data, "api", "key: shop", None)
    assert placed["created"] and placed["order"] == db.read(lookup.get_order, ACME, placed["order"]["idorder"])
    assert [line["price"] for line in placed["order"]["products"]] == ["2.50", "3.00"]


@pytest.mark.parametrize("free", [{MUG: 10, CUP: 10}, {MUG: 2}, {}], ids=["all held", "partly held", "nothing held"])
def test_the_order_as_recorded_is_the_order_as_read_back(rpc, catalog, published, free):
    for product, amount in free.items():
        catalog.free[(product, WAREHOUSE)] = amount
    order = place(rpc, (MUG, 3), (CUP, 2))
    with published("orders", "orders_processed") as event:
        processed = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert processed["stock_reservation"] == "recorded"
    assert processed == rpc.get_order(ACME, order["idorder"])
    assert event.get()["orders"] == [processed]
    assert [b["idorder_product"] for b in rpc.list_backorders(ACME)] == [
        line["idorder_product"] for line in processed["products"] if line["backordered"]]


def test_two_creates_with_one_idempotency_key_at_once_make_one_order(db, products_announced):
    data = {**ADDRESS, "products": [{"idproduct": MUG, "amount": 1}]}
    first_wrote = eventlet.Event()

    def first(uow):
        placed = placing.create_order(uow, ACME, data, "api", "key: shop", "retry-1")
        first_wrote.send()
        eventlet.sleep(0.3)  # the second's insert waits for this commit, then finds the key taken
        return placed

    holder = eventlet.spawn(db.change, first)
    first_wrote.wait()
    second = db.change(placing.create_order, ACME, data, "api", "key: shop", "retry-1")
    first = holder.wait()
    assert (first["created"], second["created"]) == (True, False)
    assert second["order"] == db.read(lookup.get_order, ACME, first["order"]["idorder"])


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


def test_a_batch_of_answers_is_recorded_as_each_would_be_and_read_back_the_same(rpc, db):
    asked = [processing(rpc, db) for _ in range(3)]
    answers = [answers_holding_everything(asked[0]),
               [{**answer, "amount": 1} for answer in answers_holding_everything(asked[1])],
               [{**answer, "amount": 0} for answer in answers_holding_everything(asked[2])]]
    rpc.add_order_comment(ACME, asked[2]["idorder"], "changed since: the full path", "anna")
    recorded = db.change(first_answer.record_first_answers, list(zip(reversed(asked), reversed(answers))))
    assert recorded == [db.read(lookup.get_order, ACME, order["idorder"]) for order in reversed(asked)]
    assert [[(line["allocated"], line["backordered"]) for line in order["products"]] for order in recorded] == [
        [(0, 3), (0, 2)], [(1, 2), (1, 1)], [(3, 0), (2, 0)]]
    assert [len(order["picklists"]) for order in recorded] == [0, 1, 1]
    # One event of each kind for the whole batch, both paths' orders listed in it.
    announced = db.read(lambda session: session.execute(
        select(outbox.c.event_type, outbox.c.payload).where(outbox.c.event_type.like("orders_%"))).all())
    by_id = {order["idorder"]: order for order in recorded}
    assert sorted((event_type, sorted(order["idorder"] for order in payload["orders"]))
                  for event_type, payload in announced) == [
        ("orders_allocated", [asked[0]["idorder"]]), ("orders_backordered", [asked[1]["idorder"], asked[2]["idorder"]]),
        ("orders_processed", sorted(by_id))]
    assert all(order == by_id[order["idorder"]] for _, payload in announced for order in payload["orders"])
