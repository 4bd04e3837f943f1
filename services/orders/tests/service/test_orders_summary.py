"""The dashboard's figures: orders per step and per day, returns per status, each client its own
and a portal user's orders in its warehouses (and those not processed yet)."""
from collections import Counter
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from orders_fakes import ACME, GLOBEX
from sqlalchemy import insert, update
from test_orders_customer_rules import remote_error
from test_orders_service import ORDER, set_status

from orders.models import Order, Return


def placed(rpc, customer=ACME) -> int:
    products = ORDER["products"] if customer == ACME else [{"productcode": "GLOBEX-1", "amount": 1}]
    return rpc.create_order(customer, {**ORDER, "products": products}, "api", "shop")["order"]["idorder"]


def change(db, order_id, **values):
    with db.unit_of_work() as uow:
        uow.session.execute(update(Order).where(Order.id == order_id).values(**values))
        uow.commit()


def test_orders_are_counted_per_step_picking_apart_from_processing(rpc, db):
    ids = [placed(rpc) for _ in range(5)]
    set_status(db, ids[1], "processing")
    set_status(db, ids[2], "processing", picking_started=True)
    set_status(db, ids[3], "completed", picking_started=True)
    placed(rpc, GLOBEX)
    assert rpc.summarize_orders(ACME)["statuses"] == {
        "concept": 2, "processing": 1, "picking": 1, "completed": 1, "cancelled": 0}


def test_orders_per_day_cover_every_day_of_the_period_oldest_first(rpc, db):
    today = datetime.now(timezone.utc).replace(hour=12)
    for days_ago in (0, 0, 2, 40):
        change(db, placed(rpc), created_at=today - timedelta(days=days_ago))
    per_day = rpc.summarize_orders(ACME, {"days": 7})["per_day"]
    assert [row["date"] for row in per_day] == [(today - timedelta(days=n)).date().isoformat() for n in range(6, -1, -1)]
    assert [row["orders"] for row in per_day] == [0, 0, 0, 0, 1, 0, 2]
    assert len(rpc.summarize_orders(ACME)["per_day"]) == 30


def test_orders_are_counted_by_the_clients_own_day_around_its_midnight(rpc, db):
    amsterdam = ZoneInfo("Europe/Amsterdam")
    midnight = datetime.combine(datetime.now(amsterdam).date(), time.min, amsterdam)
    # 23:30 last night and 00:30 today in Amsterdam: 22:30 and 23:30 UTC yesterday (in winter).
    moments = [midnight - timedelta(minutes=30), midnight + timedelta(minutes=30)]
    for moment in moments:
        change(db, placed(rpc), created_at=moment)
    local = rpc.summarize_orders(ACME, {"days": 2, "timezone": "Europe/Amsterdam"})["per_day"]
    assert local == [{"date": (midnight - timedelta(days=1)).date().isoformat(), "orders": 1},
                     {"date": midnight.date().isoformat(), "orders": 1}]
    utc = {row["date"]: row["orders"] for row in rpc.summarize_orders(ACME, {"days": 2})["per_day"]}
    assert utc == {**dict.fromkeys(utc, 0), **Counter(m.astimezone(timezone.utc).date().isoformat() for m in moments)}


def test_an_unknown_time_zone_is_refused(rpc):
    for zone in ("Mars/Olympus_Mons", "../../etc/passwd", "", 1):
        assert remote_error(rpc.summarize_orders, ACME, {"timezone": zone}).exc_type == "InvalidOrder"


def test_a_user_limited_to_warehouses_counts_orders_there_and_those_not_processed_yet(rpc, db):
    here, elsewhere, concept = placed(rpc), placed(rpc), placed(rpc)
    change(db, here, status="processing", warehouse_id=1)
    change(db, elsewhere, status="processing", warehouse_id=2)
    summary = rpc.summarize_orders(ACME, {"idwarehouses": [1]})
    assert summary["statuses"]["processing"] == 1 and summary["statuses"]["concept"] == 1
    assert sum(row["orders"] for row in summary["per_day"]) == 2


def test_returns_are_counted_per_status_for_the_client_only(rpc, db):
    mine, theirs = placed(rpc), placed(rpc, GLOBEX)
    with db.unit_of_work() as uow:
        uow.session.execute(insert(Return), [
            {"customer_id": ACME, "order_id": mine, "status": "announced", "created_by": "anna"},
            {"customer_id": ACME, "order_id": mine, "status": "received", "created_by": "anna"},
            {"customer_id": GLOBEX, "order_id": theirs, "status": "announced", "created_by": "globex"}])
        uow.commit()
    assert rpc.summarize_orders(ACME)["returns"] == {"announced": 1, "received": 1, "completed": 0, "rejected": 0}
    assert rpc.summarize_orders(GLOBEX)["statuses"]["concept"] == 1


def test_a_period_out_of_range_is_refused(rpc):
    for days in (0, 367, "30", True):
        assert remote_error(rpc.summarize_orders, ACME, {"days": days}).exc_type == "InvalidOrder"
