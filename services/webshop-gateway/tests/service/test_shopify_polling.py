"""Orders from a (fake) Shopify shop, read by polling: pages followed by the `Link` header, each
paid and unfulfilled order imported once, the rest seen with their outcome."""
import pytest
from sqlalchemy import update
from webshop_fakes import FakeOrders, FakeShopify

from webshop_gateway import polling, seen_orders, shopify
from webshop_gateway.connections import link_webshop
from webshop_gateway.models import Webshop

CUSTOMER = 7


@pytest.fixture
def shop():
    with FakeShopify() as running:
        yield running


@pytest.fixture
def webshop(db, shop) -> dict:
    return db.change(link_webshop, CUSTOMER, {"platform": "shopify", "name": "Acme on Shopify", "url": shop.url,
                                              "access_token": shop.access_token}, "anna")


def poll_now(db, orders, webshop) -> None:
    db.change(lambda uow: uow.session.execute(update(Webshop).where(Webshop.id == webshop["idwebshop"])
                                              .values(next_poll_at=None)))
    polling.poll_due_shops(db, orders)


def test_pages_are_followed_by_their_link_and_each_paid_order_imported_once(db, shop, webshop, monkeypatch):
    monkeypatch.setattr(shopify, "LIMIT", 2)
    orders = FakeOrders()
    paid = [shop.add_order([("MUG-1", 1)], company="Bakkerij Jansen") for _ in range(4)]
    unpaid = shop.add_order([("MUG-1", 1)], financial_status="pending")
    poll_now(db, orders, webshop)
    poll_now(db, orders, webshop)
    assert sorted(order["reference"] for order in orders.created.values()) == sorted(o["name"] for o in paid)
    first = next(iter(orders.created.values()))
    assert first["deliveryname"] == "Bakkerij Jansen" and first["deliverycontactname"] == "Jan Jansen"
    pages = [path for method, path in shop.requests if "orders.json" in path]
    assert len(pages) == 6 and "page_info=" in pages[1] and "updated_at_min" not in pages[1]
    skipped = db.read(seen_orders.list_seen_orders, CUSTOMER, webshop["idwebshop"], 0, "skipped")
    assert [row["reference"] for row in skipped] == [unpaid["name"]]
    assert "pending, unfulfilled" in skipped[0]["reason"]


def test_a_rate_limited_shop_is_asked_again_after_its_retry_after(db, shop, webshop):
    shop.faults.append(("429", 2.0))
    poll_now(db, FakeOrders(), webshop)
    state = db.read(lambda session: session.get(Webshop, webshop["idwebshop"]))
    assert "wait 2 seconds" in state.last_error
    assert (state.next_poll_at - state.last_poll_at).total_seconds() == pytest.approx(2, abs=0.5)
