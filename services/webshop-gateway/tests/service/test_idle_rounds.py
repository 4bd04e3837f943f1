"""webshop_gateway's timers each second: with nothing due, each round is one SELECT, no lock and
no transaction."""
import uuid

from webshop_fakes import FakeCatalog, FakeWooCommerce

from webshop_gateway import polling, stock_full_push, stock_push, tracking_push
from webshop_gateway.connections import link_webshop

CUSTOMER = 7


def test_idle_rounds_are_one_select_each_and_take_no_lock(db, monkeypatch):
    done = []
    monkeypatch.setattr(db, "change", lambda *args: done.append(args))
    monkeypatch.setattr(db, "exclusive", lambda name: done.append(name))
    polling.poll_due_shops(db, orders=None)
    assert tracking_push.push_due_updates(db) == 0
    assert db.read_statement(stock_full_push.any_due) is False
    assert done == []


def test_a_stock_change_waiting_for_a_shop_is_due_until_it_is_pushed(db):
    with FakeWooCommerce() as shop:
        shop.add_product("MUG-1")
        webshop = db.change(link_webshop, CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": shop.url,
                                                     "consumer_key": shop.consumer_key,
                                                     "consumer_secret": shop.consumer_secret}, "anna")
        db.change(stock_push.set_stock_push, CUSTOMER, webshop["idwebshop"], True)
        catalog = FakeCatalog()
        stock_full_push.queue_next_pages(db, catalog)  # the shop just switched on: its full push first
        assert db.read_statement(stock_full_push.any_due) is False
        stock_push.hear_free_stock_change(db, {"event_id": str(uuid.uuid4()), "products": [
            {"idfulfilment_customer": CUSTOMER, "idproduct": 1, "productcode": "MUG-1", "name": "Mug", "freestock": 4}]})
        assert db.read_statement(stock_full_push.any_due) is True
        catalog.freestock["MUG-1"] = 4
        assert stock_push.push_due_stock(db, catalog) == 1
        assert db.read_statement(stock_full_push.any_due) is False
