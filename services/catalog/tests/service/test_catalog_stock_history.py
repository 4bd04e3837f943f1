"""Setting, receiving and the stock history: the ledger explains every level, whatever happened."""
import random
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from catalog_refusals import refusal
from nameko.exceptions import RemoteError
from sqlalchemy import delete, func, select, update

from catalog.models import CostPrice, Reservation, StockLevel, StockMovement
from catalog.schemas import StockMovementOutput
from servicekit.testing import assert_shape


def test_setting_stock_records_the_difference(rpc, mug, warehouse):
    acme, product, place = mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"]
    rpc.change_stock(acme, product, place, 4, "count")
    assert rpc.set_stock(acme, product, place, 10, "stocktake", "operator: Jan")["stock"] == 10
    assert rpc.set_stock(acme, product, place, 10, "stocktake again")["stock"] == 10
    assert rpc.set_stock(acme, product, place, 0, "written off")["stock"] == 0
    history = rpc.list_stock_history(acme, {"idproduct": product})
    assert [(row["stock_change"], row["new_stock"], row["reason"]) for row in history] == [
        (-10, 0, "written off"), (6, 10, "stocktake"), (4, 4, "count")]
    assert history[1]["changed_by"] == "operator: Jan"
    assert_shape(StockMovementOutput, history[0])


@pytest.mark.parametrize("amount", [-1, 1.5, "7", None])
def test_set_amount_must_be_a_whole_number_of_zero_or_more(rpc, mug, warehouse, amount):
    error = refusal(rpc.set_stock, mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"], amount, "")
    assert error.exc_type == "InvalidStockChange" and error.value.startswith("amount: ")


def test_receipt_is_applied_once_per_reference(rpc, mug, warehouse):
    acme, product, place = mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"]
    line = {"type": "receipt", "id": 12}
    assert rpc.receive_stock(acme, product, place, 5, line)["stock"] == 5
    assert rpc.receive_stock(acme, product, place, 5, {"type": "receipt", "id": "12"})["stock"] == 5
    assert rpc.receive_stock(acme, product, place, 2, {"type": "return", "id": 12})["stock"] == 7
    history = rpc.list_stock_history(acme)
    assert [(row["reference_type"], row["reference_id"]) for row in history] == [("return", "12"), ("receipt", "12")]


@pytest.mark.parametrize("amount,reference,field", [
    (0, {"type": "receipt", "id": 1}, "amount"),
    (1, {"type": "gift", "id": 1}, "reference.type"),
    (1, {"type": "receipt"}, "reference.id"),
    (1, None, "reference"),
])
def test_bad_receipt_is_refused_naming_the_field(rpc, mug, warehouse, amount, reference, field):
    error = refusal(rpc.receive_stock, mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"],
                    amount, reference)
    assert error.exc_type == "InvalidStockChange" and error.value.startswith(f"{field}: ")


def test_history_is_newest_first_and_pages_by_keyset_or_offset(rpc, db, mug, warehouse):
    acme = mug["idfulfilment_customer"]
    with db.unit_of_work() as uow:
        uow.session.add_all(StockMovement(product_id=mug["idproduct"], warehouse_id=warehouse["idwarehouse"],
                                          customer_id=acme, change=1, old_stock=n, new_stock=n + 1, reason="")
                            for n in range(130))
        uow.commit()
    first = rpc.list_stock_history(acme)
    assert len(first) == 100 and [row["new_stock"] for row in first[:2]] == [130, 129]
    rest = rpc.list_stock_history(acme, None, 0, first[-1]["idproduct_stock_history"])
    assert [row["new_stock"] for row in rest] == list(range(30, 0, -1))
    assert rpc.list_stock_history(acme, None, 100) == rest


def test_history_filters_by_product_warehouse_and_dates(rpc, db, mug, warehouse):
    acme = mug["idfulfilment_customer"]
    venlo = rpc.create_warehouse("Venlo")
    plate = rpc.create_product(acme, {"productcode": "PLATE", "name": "Plate"})
    rpc.change_stock(acme, mug["idproduct"], warehouse["idwarehouse"], 1, "a")
    rpc.change_stock(acme, mug["idproduct"], venlo["idwarehouse"], 2, "b")
    rpc.change_stock(acme, plate["idproduct"], warehouse["idwarehouse"], 3, "c")
    with db.unit_of_work() as uow:  # the first one happened last year
        uow.session.execute(update(StockMovement).where(StockMovement.reason == "a")
                            .values(created_at=datetime(2025, 6, 1, 12, tzinfo=timezone.utc)))
        uow.commit()

    def reasons(filters):
        return [row["reason"] for row in rpc.list_stock_history(acme, filters)]

    assert reasons({"idproduct": mug["idproduct"]}) == ["b", "a"]
    assert reasons({"idwarehouse": warehouse["idwarehouse"]}) == ["c", "a"]
    assert reasons({"untildate": "2025-06-01"}) == ["a"]
    newest = rpc.list_stock_history(acme, {}, 0, None)[0]
    assert reasons({"idproduct_stock_history": newest["idproduct_stock_history"]}) == [newest["reason"]]
    assert reasons({"untildate": "2025-06-01 11:59:59"}) == []
    today = datetime.now(timezone.utc).date().isoformat()
    assert reasons({"sincedate": today}) == ["c", "b"]
    assert reasons({"sincedate": "2025-01-01", "untildate": (datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat()}) == ["c", "b", "a"]
    assert rpc.list_stock_history(acme, {"sincedate": "2025-06-01"})[-1]["changed_at"].startswith("2025-06-01T12:00:00")


@pytest.mark.parametrize("filters,offset,before,field", [
    ({"sincedate": "yesterday"}, 0, None, "sincedate"), ({"idproduct": "1"}, 0, None, "idproduct"),
    ({"iduser": "1"}, 0, None, "iduser"), (None, -1, None, "offset"), (None, 0, 0, "before"),
])
def test_bad_history_query_is_refused_naming_it(rpc, known_customers, filters, offset, before, field):
    acme, _ = known_customers
    error = refusal(rpc.list_stock_history, acme, filters, offset, before)
    assert error.exc_type == "InvalidQuery" and error.value.startswith(f"{field}: ")


def test_every_level_equals_its_ledger_after_a_random_sequence_of_operations(rpc, db, known_customers, warehouse):
    acme, _ = known_customers
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    venlo = rpc.create_warehouse("Venlo")
    products = [rpc.create_product(acme, {"productcode": f"P{n}", "name": f"Product {n}"})["idproduct"]
                for n in range(3)]
    places = [warehouse["idwarehouse"], venlo["idwarehouse"]]
    lines = iter(range(1, 10_000))
    open_lines: list[tuple[int, int, int]] = []  # (order line, product, warehouse)

    def reserve(product: int, place: int) -> None:
        line = next(lines)
        rpc.reserve_order_lines(acme, place, [{"order_line_id": line, "idproduct": product, "amount": rng.randint(1, 8)}])
        open_lines.append((line, product, place))

    def release() -> None:
        line, product, place = open_lines.pop(rng.randrange(len(open_lines)))
        rpc.release_order_lines(acme, place, [{"order_line_id": line, "idproduct": product}])

    def close_picklist() -> None:
        """A picklist for what a line holds, picked in part."""
        line, product, place = open_lines[rng.randrange(len(open_lines))]
        held = rpc.get_order_line_reservations(acme, [line])[0]
        if held["status"] != "reserved" or not held["amount"]:
            return
        amount = rng.randint(1, held["amount"])
        rpc.consume_order_lines(acme, place, {"idpicklist": next(lines), "picklistid": "P"},
                                [{"order_line_id": line, "idproduct": product, "amount": amount,
                                  "picked": rng.randint(0, amount)}])

    operations = {
        "change": lambda p, w: rpc.change_stock(acme, p, w, rng.choice((-1, 1)) * rng.randint(1, 15), "count"),
        "set": lambda p, w: rpc.set_stock(acme, p, w, rng.randint(0, 30), "stocktake"),
        "receive": lambda p, w: rpc.receive_stock(acme, p, w, rng.randint(1, 20),
                                                  {"type": rng.choice(("receipt", "return", "transfer")),
                                                   "id": rng.randint(1, 40)}),
        "reserve": reserve,
        "release": lambda p, w: open_lines and release(),
        "close picklist": lambda p, w: open_lines and close_picklist(),
    }
    for _ in range(150):
        operation = rng.choice(sorted(operations))
        try:
            operations[operation](rng.choice(products), rng.choice(places))
        except RemoteError as error:
            assert error.exc_type == "InvalidStockChange", (seed, operation, error)

    with db.unit_of_work() as uow:
        session = uow.session
        levels = session.scalars(select(StockLevel)).all()
        assert levels, seed
        for level in levels:
            key = (StockMovement.product_id == level.product_id, StockMovement.warehouse_id == level.warehouse_id)
            ledger_sum = session.scalar(select(func.coalesce(func.sum(StockMovement.change), 0)).where(*key))
            held = session.scalar(select(func.coalesce(func.sum(Reservation.amount), 0)).where(
                Reservation.product_id == level.product_id, Reservation.warehouse_id == level.warehouse_id,
                Reservation.status == "reserved"))
            assert level.on_hand == ledger_sum, seed
            assert level.reserved == held <= level.on_hand, seed
            rows = session.scalars(select(StockMovement).where(*key).order_by(StockMovement.id)).all()
            assert all(a.new_stock == b.old_stock for a, b in zip(rows, rows[1:])), seed
            assert all(row.old_stock + row.change == row.new_stock >= 0 for row in rows), seed


def test_stock_as_of_a_moment_comes_from_the_ledger_valued_at_cost(rpc, db, mug, warehouse):
    acme = mug["idfulfilment_customer"]
    venlo = rpc.create_warehouse("Venlo")
    rpc.update_product(acme, mug["idproduct"], {"costprice": "2.50"})
    plate = rpc.create_product(acme, {"productcode": "PLATE", "name": "Plate", "costprice": "1"})
    rpc.change_stock(acme, mug["idproduct"], warehouse["idwarehouse"], 10, "october")
    rpc.change_stock(acme, mug["idproduct"], warehouse["idwarehouse"], -4, "november")
    rpc.change_stock(acme, mug["idproduct"], venlo["idwarehouse"], 3, "november")
    rpc.change_stock(acme, plate["idproduct"], warehouse["idwarehouse"], 5, "october")
    rpc.change_stock(acme, plate["idproduct"], warehouse["idwarehouse"], -5, "november")
    with db.unit_of_work() as uow:
        uow.session.execute(update(StockMovement).where(StockMovement.reason == "october")
                            .values(created_at=datetime(2026, 10, 15, 9, tzinfo=timezone.utc)))
        uow.commit()

    def as_of(at):
        return [(row["productcode"], row["idwarehouse"], row["stock"], row["value"]) for row in rpc.get_stock_as_of(acme, at)]

    assert as_of("2026-10-14") == []
    assert as_of("2026-10-15") == [("MUG-BLUE", warehouse["idwarehouse"], 10, "25.00"), ("PLATE", warehouse["idwarehouse"], 5, "5.00")]
    assert as_of("2026-10-15 08:59:59") == []
    now = (datetime.now(timezone.utc) + timedelta(minutes=1)).isoformat()
    assert as_of(now) == [("MUG-BLUE", warehouse["idwarehouse"], 6, "15.00"), ("MUG-BLUE", venlo["idwarehouse"], 3, "7.50")]
    assert refusal(rpc.get_stock_as_of, acme, "last week").value.startswith("at: ")


def costs_of(db, product_id) -> list[str]:
    with db.unit_of_work() as uow:
        return [str(cost) for cost in uow.session.scalars(
            select(CostPrice.costprice).where(CostPrice.product_id == product_id).order_by(CostPrice.id))]


def test_every_new_cost_price_is_kept_from_creation_update_and_import(rpc, db, mug):
    acme = mug["idfulfilment_customer"]
    rpc.update_product(acme, mug["idproduct"], {"costprice": "2.50"})
    rpc.update_product(acme, mug["idproduct"], {"costprice": "2.5", "name": "Mug, blue"})  # the same cost
    rpc.import_products(acme, [{"row": 2, "product": {"productcode": mug["productcode"], "costprice": "3.10"}}])
    assert costs_of(db, mug["idproduct"]) == ["0.00", "2.50", "3.10"]


def test_stock_on_a_past_date_is_valued_at_the_cost_price_valid_then(rpc, db, mug, warehouse):
    acme, place = mug["idfulfilment_customer"], warehouse["idwarehouse"]
    rpc.change_stock(acme, mug["idproduct"], place, 10, "october")
    with db.unit_of_work() as uow:
        uow.session.execute(update(StockMovement).where(StockMovement.reason == "october")
                            .values(created_at=datetime(2026, 10, 15, 9, tzinfo=timezone.utc)))
        uow.session.execute(delete(CostPrice).where(CostPrice.product_id == mug["idproduct"]))
        uow.session.add_all([
            CostPrice(product_id=mug["idproduct"], costprice=Decimal("2.00"),
                      valid_from=datetime(2026, 10, 1, tzinfo=timezone.utc)),
            CostPrice(product_id=mug["idproduct"], costprice=Decimal("3.00"),
                      valid_from=datetime(2026, 11, 1, 12, tzinfo=timezone.utc))])
        uow.commit()

    def valued(at):
        [row] = rpc.get_stock_as_of(acme, at)
        return row["costprice"], row["costprice_since"], row["value"]

    assert valued("2026-10-20") == ("2.00", "2026-10-01T00:00:00+00:00", "20.00")
    assert valued("2026-11-01T11:00:00+00:00") == ("2.00", "2026-10-01T00:00:00+00:00", "20.00")
    assert valued("2026-11-05") == ("3.00", "2026-11-01T12:00:00+00:00", "30.00")


def test_the_operator_reads_every_customers_history_newest_first(rpc, known_customers, warehouse):
    acme, globex = known_customers
    mugs = rpc.create_product(acme, {"productcode": "OP-MUG", "name": "Mug"})
    plates = rpc.create_product(globex, {"productcode": "OP-PLATE", "name": "Plate"})
    rpc.change_stock(acme, mugs["idproduct"], warehouse["idwarehouse"], 4, "acme first")
    rpc.change_stock(globex, plates["idproduct"], warehouse["idwarehouse"], 2, "globex next")
    rows = rpc.list_stock_history_of_all_customers()
    assert [(row["idfulfilment_customer"], row["reason"]) for row in rows[:2]] == [(globex, "globex next"),
                                                                                  (acme, "acme first")]
    older = rpc.list_stock_history_of_all_customers({"idwarehouse": warehouse["idwarehouse"]}, 0,
                                                    rows[0]["idproduct_stock_history"])
    assert older[0]["reason"] == "acme first"


def test_goods_a_user_received_carry_the_user_and_are_found_by_iduser_within_the_customer(rpc, known_customers,
                                                                                        warehouse):
    acme, globex = known_customers
    place = warehouse["idwarehouse"]
    mug = rpc.create_product(acme, {"productcode": "U-MUG", "name": "Mug"})["idproduct"]
    plate = rpc.create_product(globex, {"productcode": "U-PLATE", "name": "Plate"})["idproduct"]
    rpc.receive_stock_lines(acme, place, {"type": "transfer", "id": 1}, [{"idproduct": mug, "amount": 5}], 42)
    rpc.receive_stock_lines(acme, place, {"type": "receipt", "id": 2}, [{"idproduct": mug, "amount": 3}])
    rpc.change_stock(acme, mug, place, -1, "damaged", "API key: WMS")
    rpc.receive_stock_lines(globex, place, {"type": "transfer", "id": 3}, [{"idproduct": plate, "amount": 2}], 7)
    # Asked again (a lost answer), the transfer books nothing twice and keeps its user.
    rpc.receive_stock_lines(acme, place, {"type": "transfer", "id": 1}, [{"idproduct": mug, "amount": 5}], 42)

    history = rpc.list_stock_history(acme)
    assert [(row["reason"], row["iduser"]) for row in history] == [
        ("damaged", None), ("receipt 2", None), ("transfer 1", 42)]
    assert [row["reason"] for row in rpc.list_stock_history(acme, {"iduser": 42})] == ["transfer 1"]
    # Another customer's user names nothing of this customer's, and the reverse.
    assert rpc.list_stock_history(acme, {"iduser": 7}) == []
    assert rpc.list_stock_history(globex, {"iduser": 42}) == []
    assert [row["idfulfilment_customer"] for row in rpc.list_stock_history_of_all_customers({"iduser": 7})] == [globex]


@pytest.mark.parametrize("user_id", [0, "42", True, 2**31])
def test_goods_received_by_something_that_is_not_a_user_id_are_refused(rpc, mug, warehouse, user_id):
    error = refusal(rpc.receive_stock_lines, mug["idfulfilment_customer"], warehouse["idwarehouse"],
                    {"type": "transfer", "id": 9}, [{"idproduct": mug["idproduct"], "amount": 1}], user_id)
    assert error.exc_type == "InvalidStockChange" and error.value.startswith("iduser: ")
