"""stock_fell_below_minimum: said once when free stock crosses the client's minimum;
free_stock_changed: said whenever the total free stock changes, however it changes, once per
transaction for every product it changed."""
from types import SimpleNamespace

from sqlalchemy import select

from catalog import contract
from catalog.low_stock import announce_free_stock
from servicekit.messaging_tables import outbox
from servicekit.testing import assert_shape


def announced(db, event_type: str = "stock_fell_below_minimum") -> list[dict]:
    with db.unit_of_work() as uow:
        return uow.session.scalars(select(outbox.c.payload).where(outbox.c.event_type == event_type)
                                   .order_by(outbox.c.created_at, outbox.c.id)).all()


def test_every_change_of_free_stock_is_announced_with_the_total_after_it(rpc, db, mug, warehouse):
    acme, product, place = mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"]
    second = rpc.create_warehouse("Venlo")["idwarehouse"]
    rpc.change_stock(acme, product, place, 8, "count")                                                # 8
    rpc.reserve_order_lines(acme, place, [{"order_line_id": 1, "idproduct": product, "amount": 3}])  # 5
    rpc.receive_stock_lines(acme, second, {"type": "receipt", "id": "R1"}, [{"idproduct": product, "amount": 4}])  # 9
    rpc.receive_stock_lines(acme, second, {"type": "receipt", "id": "R1"}, [{"idproduct": product, "amount": 4}])
    rpc.release_order_lines(acme, place, [{"order_line_id": 1, "idproduct": product}])               # 12
    rpc.set_stock(acme, product, place, 8, "counted")                                                 # 12: same
    payloads = announced(db, "free_stock_changed")
    assert [[listed["freestock"] for listed in payload["products"]] for payload in payloads] == [[8], [5], [9], [12]]
    assert_shape(contract.EVENTS["free_stock_changed"], payloads[0])
    assert_shape(contract.schemas.FreeStockOfProduct, payloads[0]["products"][0])
    assert {listed["idfulfilment_customer"] for payload in payloads for listed in payload["products"]} == {acme}


def test_an_order_of_several_products_is_one_event_listing_each(rpc, db, mug, warehouse, known_customers):
    acme, place = mug["idfulfilment_customer"], warehouse["idwarehouse"]
    lamp = rpc.create_product(acme, {"productcode": "LAMP", "name": "Lamp"})
    for product in (mug, lamp):
        rpc.change_stock(acme, product["idproduct"], place, 8, "count")
    before = len(announced(db, "free_stock_changed"))
    rpc.reserve_order_lines(acme, place, [{"order_line_id": 1, "idproduct": mug["idproduct"], "amount": 3},
                                          {"order_line_id": 2, "idproduct": lamp["idproduct"], "amount": 1}])
    [payload] = announced(db, "free_stock_changed")[before:]
    assert sorted((listed["productcode"], listed["freestock"]) for listed in payload["products"]) == [
        ("LAMP", 7), ("MUG-BLUE", 5)]


def test_a_product_changed_twice_in_one_transaction_is_listed_once_with_its_latest_total(db):
    mug = SimpleNamespace(id=1, customer_id=3, productcode="MUG", name="Mug", minimum_stock=0)
    lamp = SimpleNamespace(id=2, customer_id=4, productcode="LAMP", name="Lamp", minimum_stock=0)
    with db.unit_of_work() as uow:
        announce_free_stock(uow, [mug, lamp], {1: 5, 2: 3}, {1: 4, 2: 3})  # the lamp did not change
        announce_free_stock(uow, [mug, lamp], {1: 4, 2: 3}, {1: 2, 2: 7})
        uow.commit()
    [payload] = announced(db, "free_stock_changed")
    assert payload["products"] == [
        {"idfulfilment_customer": 3, "idproduct": 1, "productcode": "MUG", "name": "Mug", "freestock": 2},
        {"idfulfilment_customer": 4, "idproduct": 2, "productcode": "LAMP", "name": "Lamp", "freestock": 7}]


def test_a_fall_across_the_minimum_is_announced_once(rpc, db, mug, warehouse):
    acme, product, place = mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"]
    rpc.update_product(acme, product, {"minimum_stock": 5})
    rpc.change_stock(acme, product, place, 8, "count")
    rpc.change_stock(acme, product, place, -3, "damaged")      # 5: at the minimum, not below
    assert announced(db) == []
    rpc.change_stock(acme, product, place, -1, "damaged")      # 4: below
    rpc.set_stock(acme, product, place, 2, "counted")          # still below: nothing new
    [payload] = announced(db)
    assert_shape(contract.EVENTS["stock_fell_below_minimum"], payload)
    assert {k: payload[k] for k in ("idfulfilment_customer", "idproduct", "productcode", "minimum_stock", "freestock")} \
        == {"idfulfilment_customer": acme, "idproduct": product, "productcode": mug["productcode"],
            "minimum_stock": 5, "freestock": 4}


def test_a_reservation_can_take_it_below_and_a_receipt_rearms_it(rpc, db, mug, warehouse):
    acme, product, place = mug["idfulfilment_customer"], mug["idproduct"], warehouse["idwarehouse"]
    rpc.update_product(acme, product, {"minimum_stock": 3})
    rpc.change_stock(acme, product, place, 4, "count")
    rpc.reserve_order_lines(acme, place, [{"order_line_id": 1, "idproduct": product, "amount": 2}])  # free 2
    rpc.change_stock(acme, product, place, 5, "received")       # free 7
    rpc.reserve_order_lines(acme, place, [{"order_line_id": 2, "idproduct": product, "amount": 6}])  # free 1
    assert [payload["freestock"] for payload in announced(db)] == [2, 1]


def test_free_stock_is_summed_over_warehouses(rpc, db, mug, warehouse):
    acme, product = mug["idfulfilment_customer"], mug["idproduct"]
    second = rpc.create_warehouse("Venlo")
    rpc.update_product(acme, product, {"minimum_stock": 5})
    rpc.change_stock(acme, product, warehouse["idwarehouse"], 4, "count")
    rpc.change_stock(acme, product, second["idwarehouse"], 4, "count")
    rpc.change_stock(acme, product, second["idwarehouse"], -3, "damaged")   # 5 in all
    assert announced(db) == []
    rpc.change_stock(acme, product, warehouse["idwarehouse"], -1, "damaged")  # 4 in all
    assert [payload["freestock"] for payload in announced(db)] == [4]


def test_concurrent_falls_in_two_warehouses_announce_exactly_once(rpc, db, mug, warehouse):
    acme, product = mug["idfulfilment_customer"], mug["idproduct"]
    second = rpc.create_warehouse("Venlo")
    rpc.update_product(acme, product, {"minimum_stock": 10})
    for place in (warehouse, second):
        rpc.change_stock(acme, product, place["idwarehouse"], 10, "count")
    replies = [rpc.change_stock.call_async(acme, product, place["idwarehouse"], -1, "picked")
               for _ in range(8) for place in (warehouse, second)]
    assert sorted(reply.result()["stock"] for reply in replies) == sorted(list(range(2, 10)) * 2)
    assert [payload["freestock"] for payload in announced(db)] == [9]


def test_a_user_limited_to_some_warehouses_counts_free_stock_there_only(rpc, mug, warehouse):
    acme, product = mug["idfulfilment_customer"], mug["idproduct"]
    second = rpc.create_warehouse("Venlo")["idwarehouse"]
    rpc.update_product(acme, product, {"minimum_stock": 5})
    rpc.change_stock(acme, product, warehouse["idwarehouse"], 2, "count")
    rpc.change_stock(acme, product, second, 9, "count")
    assert rpc.count_low_stock_products(acme) == 0
    assert rpc.count_low_stock_products(acme, [warehouse["idwarehouse"]]) == 1
    here = {"idwarehouses": [warehouse["idwarehouse"]]}
    assert [p["idproduct"] for p in rpc.list_products(acme, 0, None, {**here, "stock": "below_minimum"})] == [product]
    assert {row["idwarehouse"] for row in rpc.list_stock_history(acme, here)} == {warehouse["idwarehouse"]}
