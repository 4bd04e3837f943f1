"""Reservations per order line, as orders uses them: reserve, release, ship (consume)."""
import eventlet
import pytest
from catalog_refusals import refusal
from nameko.standalone.rpc import ServiceRpcProxy
from sqlalchemy import select

from catalog.models import Reservation, StockLevel
from catalog.schemas import ReservationOutput
from servicekit.messaging_tables import outbox
from servicekit.testing import assert_shape


@pytest.fixture
def stocked_mug(rpc, mug, warehouse) -> dict:
    """Acme's mug with 10 on hand in the warehouse."""
    rpc.change_stock(mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"], 10, "count")
    return mug


def level(rpc, product, warehouse) -> dict:
    return rpc.get_stock_level(product["idfulfilment_customer"], product["idproduct"], warehouse["idwarehouse"])


def reserve(rpc, product, warehouse, line: int, amount: int) -> dict:
    return rpc.reserve_stock(product["idfulfilment_customer"], line, product["idproduct"],
                             warehouse["idwarehouse"], amount)


def test_reservation_moves_stock_from_free_to_reserved(rpc, stocked_mug, warehouse):
    reservation = reserve(rpc, stocked_mug, warehouse, 1, 3)
    assert_shape(ReservationOutput, reservation)
    assert (reservation["amount"], reservation["status"]) == (3, "reserved")
    assert {k: level(rpc, stocked_mug, warehouse)[k] for k in ("stock", "reserved", "freestock")} == {
        "stock": 10, "reserved": 3, "freestock": 7}


def test_reserving_the_same_line_again_reserves_nothing_more(rpc, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, 1, 3)
    assert reserve(rpc, stocked_mug, warehouse, 1, 3)["amount"] == 3
    assert level(rpc, stocked_mug, warehouse)["reserved"] == 3


def test_shortfall_is_reserved_partly_and_topped_up_when_stock_arrives(rpc, stocked_mug, warehouse):
    assert reserve(rpc, stocked_mug, warehouse, 1, 8)["amount"] == 8
    assert reserve(rpc, stocked_mug, warehouse, 2, 5)["amount"] == 2
    assert reserve(rpc, stocked_mug, warehouse, 3, 1)["amount"] == 0
    rpc.receive_stock(stocked_mug["idfulfilment_customer"], stocked_mug["idproduct"], warehouse["idwarehouse"],
                      4, {"type": "receipt", "id": 501})
    assert reserve(rpc, stocked_mug, warehouse, 2, 5)["amount"] == 5
    assert reserve(rpc, stocked_mug, warehouse, 3, 1)["amount"] == 1
    assert level(rpc, stocked_mug, warehouse)["freestock"] == 0


def test_release_gives_stock_back_once_and_announces_it(rpc, db, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, 1, 4)
    acme = stocked_mug["idfulfilment_customer"]
    assert rpc.release_reservation(acme, 1)["status"] == "released"
    assert rpc.release_reservation(acme, 1)["status"] == "released"
    assert level(rpc, stocked_mug, warehouse)["freestock"] == 10
    with db.unit_of_work() as uow:
        announced = uow.session.scalars(select(outbox.c.payload).where(outbox.c.event_type == "stock_changed")).all()
    assert [payload["stock"]["freestock"] for payload in announced] == [10, 10]  # the count, the release
    assert refusal(reserve, rpc, stocked_mug, warehouse, 1, 4).exc_type == "InvalidReservation"


def test_shipping_takes_reserved_stock_off_the_shelf_with_a_ledger_line(rpc, stocked_mug, warehouse):
    acme = stocked_mug["idfulfilment_customer"]
    reserve(rpc, stocked_mug, warehouse, 7, 4)
    assert rpc.consume_reservation(acme, 7)["status"] == "consumed"
    assert rpc.consume_reservation(acme, 7)["status"] == "consumed"
    after = level(rpc, stocked_mug, warehouse)
    assert (after["stock"], after["reserved"], after["freestock"]) == (6, 0, 6)
    shipped = rpc.list_stock_history(acme)[0]
    assert (shipped["stock_change"], shipped["old_stock"], shipped["new_stock"]) == (-4, 10, 6)
    assert (shipped["reference_type"], shipped["reference_id"]) == ("order_line", "7")
    assert refusal(rpc.release_reservation, acme, 7).exc_type == "InvalidReservation"


def test_a_line_reserves_one_product_in_one_warehouse(rpc, stocked_mug, warehouse):
    venlo = rpc.create_warehouse("Venlo")
    reserve(rpc, stocked_mug, warehouse, 1, 1)
    error = refusal(reserve, rpc, stocked_mug, venlo, 1, 1)
    assert error.exc_type == "InvalidReservation" and error.value.startswith("order_line_id: ")


@pytest.mark.parametrize("line,amount,field", [(0, 1, "order_line_id"), (1, 0, "amount"), (1, -2, "amount"),
                                               ("1", 1, "order_line_id"), (1, 2.5, "amount")])
def test_bad_reservation_is_refused_naming_the_field(rpc, stocked_mug, warehouse, line, amount, field):
    error = refusal(reserve, rpc, stocked_mug, warehouse, line, amount)
    assert error.exc_type == "InvalidReservation" and error.value.startswith(f"{field}: ")


def test_stock_cannot_be_counted_below_what_is_reserved(rpc, stocked_mug, warehouse):
    reserve(rpc, stocked_mug, warehouse, 1, 6)
    acme = stocked_mug["idfulfilment_customer"]
    error = refusal(rpc.set_stock, acme, stocked_mug["idproduct"], warehouse["idwarehouse"], 5, "count")
    assert error.exc_type == "InvalidStockChange" and "reserved" in error.value
    assert rpc.set_stock(acme, stocked_mug["idproduct"], warehouse["idwarehouse"], 6, "count")["freestock"] == 0


def test_many_parallel_reservations_never_reserve_more_than_is_on_hand(rpc, db, config, stocked_mug, warehouse):
    """40 order lines of 1..3 each, from 20 clients at once (each its own connection), against 10 on hand."""
    def client(lines: list[int]) -> list[int]:
        with ServiceRpcProxy("catalog", config) as own:
            return [own.reserve_stock(stocked_mug["idfulfilment_customer"], line, stocked_mug["idproduct"],
                                      warehouse["idwarehouse"], line % 3 + 1)["amount"] for line in lines]

    pool = eventlet.GreenPool(20)
    held = [amount for amounts in pool.imap(client, [[n, n + 20] for n in range(1, 21)]) for amount in amounts]
    assert sum(held) == 10
    with db.unit_of_work() as uow:
        stock = uow.session.execute(select(StockLevel.on_hand, StockLevel.reserved)).one()
        reserved = uow.session.execute(select(Reservation.order_line_id, Reservation.amount)).all()
    assert tuple(stock) == (10, 10) and sum(amount for _, amount in reserved) == 10
    assert all(amount <= line % 3 + 1 for line, amount in reserved)
