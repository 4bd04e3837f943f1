import random

import pytest
from nameko.events import BROADCAST, event_handler
from nameko.exceptions import RemoteError
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import select, update

from catalog import contract
from catalog.models import StockLevel, StockMovement
from catalog.schemas import StockLevelOutput
from servicekit.messaging_tables import outbox
from servicekit.testing import assert_shape


def change(rpc, product: dict, warehouse: dict, amount: int, reason: str = "count") -> dict:
    return rpc.change_stock(product["idfulfilment_customer"], product["idproduct"],
                            warehouse["idwarehouse"], amount, reason)


def refusal(rpc, product: dict, warehouse: dict, amount: int) -> RemoteError:
    with pytest.raises(RemoteError) as error:
        change(rpc, product, warehouse, amount)
    return error.value


def movements(db, product: dict) -> list:
    """The product's stock history, oldest first, as plain rows."""
    with db.unit_of_work() as uow:
        return uow.session.execute(
            select(StockMovement.__table__)
            .where(StockMovement.product_id == product["idproduct"])
            .order_by(StockMovement.id)
        ).all()


def test_stock_change_answers_the_new_level_and_shows_on_the_product(rpc, mug, warehouse):
    level = change(rpc, mug, warehouse, 7)
    assert_shape(StockLevelOutput, level)
    assert level == {"idproduct": mug["idproduct"], "idwarehouse": warehouse["idwarehouse"], "stock": 7,
                     "reserved": 0, "freestock": 7, "customer_id": mug["idfulfilment_customer"]}
    product = rpc.get_product(mug["idfulfilment_customer"], mug["idproduct"])
    assert product["stock"] == [{"idwarehouse": warehouse["idwarehouse"], "stock": 7, "reserved": 0, "freestock": 7}]


def test_free_stock_of_a_product_is_the_sum_over_its_warehouses(rpc, mug, warehouse):
    venlo = rpc.create_warehouse("Venlo")
    change(rpc, mug, warehouse, 3)
    change(rpc, mug, venlo, 4)
    product = rpc.get_product(mug["idfulfilment_customer"], mug["idproduct"])
    assert [level["stock"] for level in product["stock"]] == [3, 4]
    assert product["freestock"] == 7


def test_stock_level_is_the_sum_of_its_movements_and_never_went_negative(rpc, db, mug, warehouse):
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    refused = 0
    for _ in range(40):
        try:
            change(rpc, mug, warehouse, rng.choice((-1, 1)) * rng.randint(1, 20))
        except RemoteError as error:
            assert error.exc_type == "InvalidStockChange", seed
            refused += 1
    ledger = movements(db, mug)
    level = rpc.get_product(mug["idfulfilment_customer"], mug["idproduct"])["stock"][0]["stock"]
    assert len(ledger) == 40 - refused, seed
    assert level == sum(movement.change for movement in ledger) == ledger[-1].new_stock, seed
    assert all(movement.new_stock >= 0 for movement in ledger), seed
    assert all(movement.old_stock + movement.change == movement.new_stock for movement in ledger), seed
    assert all(before.new_stock == after.old_stock for before, after in zip(ledger, ledger[1:])), seed


def test_movement_records_who_what_where_and_why(rpc, db, mug, warehouse):
    change(rpc, mug, warehouse, 12, "received from supplier")
    [movement] = movements(db, mug)
    assert (movement.customer_id, movement.warehouse_id, movement.change, movement.old_stock,
            movement.new_stock, movement.reason) == (
        mug["idfulfilment_customer"], warehouse["idwarehouse"], 12, 0, 12, "received from supplier")


def test_stock_cannot_go_below_zero(rpc, db, mug, warehouse):
    change(rpc, mug, warehouse, 2)
    assert refusal(rpc, mug, warehouse, -3).exc_type == "InvalidStockChange"
    assert len(movements(db, mug)) == 1


def test_stock_cannot_go_below_what_is_reserved(rpc, db, mug, warehouse):
    change(rpc, mug, warehouse, 10)
    with db.unit_of_work() as uow:
        uow.session.execute(update(StockLevel).values(reserved=4))
        uow.commit()
    error = refusal(rpc, mug, warehouse, -7)
    assert error.exc_type == "InvalidStockChange" and "reserved" in error.value
    assert change(rpc, mug, warehouse, -6)["freestock"] == 0


def test_unknown_warehouse_is_refused(rpc, mug):
    assert refusal(rpc, mug, {"idwarehouse": 999}, 1).exc_type == "WarehouseNotFound"


def test_concurrent_changes_never_take_stock_below_zero(rpc, mug, warehouse):
    def all_at_once(amount: int, times: int) -> list:
        replies = [rpc.change_stock.call_async(mug["idfulfilment_customer"], mug["idproduct"],
                                               warehouse["idwarehouse"], amount, "count")
                   for _ in range(times)]
        outcomes = []
        for reply in replies:
            try:
                outcomes.append(reply.result()["stock"])
            except RemoteError as error:
                outcomes.append(error.exc_type)
        return outcomes

    # The level does not exist yet: ten first changes at once must all find the one row.
    assert sorted(all_at_once(1, 10)) == list(range(1, 11))
    outcomes = all_at_once(-1, 15)
    assert outcomes.count("InvalidStockChange") == 5
    assert sorted(stock for stock in outcomes if stock != "InvalidStockChange") == list(range(10))


class StockListener:
    name = "stock_listener"

    # Broadcast, unreliable: the queue lives only while the listener does, so it never holds
    # events published by earlier tests.
    @event_handler("catalog", "stock_changed", handler_type=BROADCAST, reliable_delivery=False)
    def handle_stock_changed(self, payload):
        return payload


def test_stock_changed_is_published_when_free_stock_rises(container_factory, config, rpc, mug, warehouse):
    listener = container_factory(StockListener, config)
    listener.start()
    with entrypoint_waiter(listener, "handle_stock_changed", timeout=10) as delivered:
        level = change(rpc, mug, warehouse, 5, "received")
    payload = delivered.get()
    assert payload["stock"] == level and payload["event_id"]
    assert_shape(contract.EVENTS["stock_changed"], payload)


def test_stock_changed_is_not_recorded_when_stock_falls(rpc, db, mug, warehouse):
    change(rpc, mug, warehouse, 5)
    change(rpc, mug, warehouse, -2)
    with db.unit_of_work() as uow:
        published = uow.session.scalars(
            select(outbox.c.payload).where(outbox.c.event_type == "stock_changed")
        ).all()
    assert [payload["stock"]["stock"] for payload in published] == [5]
