"""A shop's sync health on the real database: failed polls counted over the last day, what waits
to go back to the shop, and the client told once per failing spell, not every minute."""
from datetime import datetime, timedelta, timezone

import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import select, update
from webshop_fakes import FakeOrders, FakeWooCommerce

from servicekit.messaging_tables import outbox
from webshop_gateway import polling, sync_health
from webshop_gateway.connections import link_webshop
from webshop_gateway.models import SyncFailure, Webshop

CUSTOMER = 7


@pytest.fixture
def shop():
    with FakeWooCommerce() as running:
        yield running


@pytest.fixture
def webshop(db, shop) -> dict:
    return db.change(link_webshop, CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": shop.url,
                                              "consumer_key": shop.consumer_key,
                                              "consumer_secret": shop.consumer_secret}, "anna")


def poll_now(db, webshop) -> None:
    db.change(lambda uow: uow.session.execute(update(Webshop).where(Webshop.id == webshop["idwebshop"])
                                              .values(next_poll_at=None)))
    polling.poll_due_shops(db, FakeOrders())


def alerts(db) -> list[dict]:
    rows = db.read(lambda session: session.execute(select(outbox.c.event_type, outbox.c.payload)).all())
    return [payload for event_type, payload in rows if event_type == "webshop_sync_failed"]


def health(db, webshop) -> dict:
    return db.read(sync_health.get_sync_health, CUSTOMER, webshop["idwebshop"])


def test_the_client_is_told_once_when_the_sync_starts_failing_and_again_after_it_recovered(db, shop, webshop):
    poll_now(db, webshop)
    shop.revoke_keys()
    for _ in range(sync_health.ALERT_AFTER_FAILURES + 3):  # a sync failing every minute
        poll_now(db, webshop)
    (alert,) = alerts(db)
    assert alert["webshop"]["idwebshop"] == webshop["idwebshop"] and alert["idfulfilment_customer"] == CUSTOMER
    assert alert["failures_in_a_row"] == sync_health.ALERT_AFTER_FAILURES
    assert "refused the credentials" in alert["reason"] and alert["last_success"]
    shown = health(db, webshop)
    assert shown["failing"] and shown["alerted"] and shown["failures_last_day"] == sync_health.ALERT_AFTER_FAILURES + 3

    shop.consumer_secret = "cs_fake_9876543210"  # new keys: it works again
    poll_now(db, webshop)
    assert not health(db, webshop)["failing"] and health(db, webshop)["alerted"] is None
    shop.revoke_keys()
    for _ in range(sync_health.ALERT_AFTER_FAILURES):
        poll_now(db, webshop)
    assert len(alerts(db)) == 2


def test_fewer_failures_in_a_row_than_the_threshold_tell_nobody(db, shop, webshop):
    for _ in range(sync_health.ALERT_AFTER_FAILURES - 1):
        shop.faults.append("500")
        poll_now(db, webshop)
    poll_now(db, webshop)
    assert alerts(db) == [] and health(db, webshop)["failures_last_day"] == sync_health.ALERT_AFTER_FAILURES - 1


def test_failures_older_than_a_day_are_not_counted(db, shop, webshop):
    shop.faults.append("500")
    poll_now(db, webshop)
    db.change(lambda uow: uow.session.execute(update(SyncFailure).values(
        failed_at=datetime.now(timezone.utc) - timedelta(hours=25))))
    shop.faults.append("500")
    poll_now(db, webshop)
    shown = health(db, webshop)
    assert shown["failures_last_day"] == 1 and shown["failures_in_a_row"] == 2
    assert "(500: There has been a critical error" in shown["last_error"]


def test_another_clients_shop_has_no_health_to_show(rpc, shop):
    webshop = rpc.link_webshop(CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": shop.url,
                                          "consumer_key": "ck", "consumer_secret": "cs"}, "anna")
    shown = rpc.get_sync_health(CUSTOMER, webshop["idwebshop"])
    assert shown["last_success"] is None and shown["pending_outbound_total"] == 0
    assert shown["pending_outbound"] == {"tracking": 0, "stock": 0}
    with pytest.raises(RemoteError) as refused:
        rpc.get_sync_health(8, webshop["idwebshop"])
    assert refused.value.exc_type == "WebshopNotFound"
