"""A product's stock through the last days from the ledger, valued at the cost price valid then."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from catalog_refusals import refusal
from sqlalchemy import update

from catalog.models import CostPrice, StockMovement


def backdate(db, model, days: int, **where):
    """Move rows of `model` matching `where` back by `days` days, as if written then."""
    with db.unit_of_work() as uow:
        uow.session.execute(update(model).filter_by(**where).values(
            **{"created_at" if model is StockMovement else "valid_from":
               (StockMovement.created_at if model is StockMovement else CostPrice.valid_from) - timedelta(days=days)}))
        uow.commit()


def test_each_days_closing_stock_over_every_warehouse_valued_at_the_cost_then(rpc, db, mug, warehouse):
    acme, product, place = mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"]
    other = rpc.create_warehouse("Venlo")["idwarehouse"]
    rpc.update_product(acme, product, {"costprice": "2.00"})
    backdate(db, CostPrice, 10, product_id=product)
    rpc.change_stock(acme, product, place, 10, "received")
    backdate(db, StockMovement, 5, product_id=product)  # 10 in Tilburg five days ago
    rpc.change_stock(acme, product, other, 3, "received")
    rpc.change_stock(acme, product, place, -4, "sold")
    rpc.update_product(acme, product, {"costprice": "2.50"})  # today: 9 at 2.50
    rows = rpc.get_stock_over_time(acme, product, {"days": 7})
    today = datetime.now(timezone.utc).date()
    assert [row["date"] for row in rows] == [(today - timedelta(days=n)).isoformat() for n in range(6, -1, -1)]
    assert [row["stock"] for row in rows] == [0, 10, 10, 10, 10, 10, 9]
    assert [row["value"] for row in rows] == ["0.00", "20.00", "20.00", "20.00", "20.00", "20.00", "22.50"]


def test_stock_before_the_period_opens_it_and_a_user_sees_only_its_warehouses(rpc, db, mug, warehouse):
    acme, product, place = mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"]
    other = rpc.create_warehouse("Venlo")["idwarehouse"]
    rpc.change_stock(acme, product, place, 6, "received")
    rpc.change_stock(acme, product, other, 4, "received")
    backdate(db, StockMovement, 100, product_id=product)
    assert [row["stock"] for row in rpc.get_stock_over_time(acme, product, {"days": 3})] == [10, 10, 10]
    assert [row["stock"] for row in rpc.get_stock_over_time(acme, product, {"days": 3, "idwarehouses": [other]})] \
        == [4, 4, 4]
    assert len(rpc.get_stock_over_time(acme, product)) == 90


def test_a_bad_period_or_filter_is_refused(rpc, mug):
    acme, product = mug["idfulfilment_customer"], mug["idproduct"]
    for filters in ({"days": 0}, {"days": 367}, {"days": "7"}, {"idwarehouses": "1"}, {"sincedate": "2026-01-01"}):
        assert refusal(rpc.get_stock_over_time, acme, product, filters).exc_type == "InvalidQuery"
    assert refusal(rpc.get_stock_over_time, acme, 987654).exc_type == "ProductNotFound"
