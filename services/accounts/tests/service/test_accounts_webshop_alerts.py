"""A webshop whose sync fails: webshop_gateway's webshop_sync_failed becomes one email to those who
manage that shop, in their language."""
import pytest
from sqlalchemy import func, select
from test_accounts_stock_alerts import PASSWORD, deliver, mails

from accounts.models import OutgoingMail

pytestmark = pytest.mark.usefixtures("mail_folder")


@pytest.fixture
def acme(rpc) -> int:
    """Acme with a notification address; Bram (Dutch) manages every shop, Carla only shop 99, Dirk
    has no webshops permission."""
    acme = rpc.create_customer({"name": "Acme BV", "can_login": True, "language": "en", "username": "acme",
                                "password": PASSWORD, "notification_email": "ops@acme.test"})["idfulfilment_customer"]
    rpc.create_user(acme, {"username": "bram", "emailaddress": "bram@acme.test", "language": "nl",
                           "password": PASSWORD, "permissions": ["ordering", "webshops"]})
    rpc.create_user(acme, {"username": "carla", "emailaddress": "carla@acme.test", "password": PASSWORD,
                           "permissions": ["webshops"], "idwebshops": [99]})
    rpc.create_user(acme, {"username": "dirk", "emailaddress": "dirk@acme.test", "password": PASSWORD,
                           "permissions": ["ordering"]})
    return acme


def sync_failed(customer_id: int, webshop_id: int = 4) -> dict:
    return {"idfulfilment_customer": customer_id, "webshop": {"idwebshop": webshop_id, "name": "Acme shop",
                                                              "platform": "woocommerce", "url": "https://shop.acme.test"},
            "reason": "The shop refused the credentials (401: Consumer secret is invalid.)", "failures_in_a_row": 3,
            "last_success": "2026-12-01T07:00:05+00:00"}


def test_a_failing_sync_is_mailed_once_to_who_manages_that_shop(db, container, config, acme):
    payload = deliver(container, config, "webshop_gateway", "webshop_sync_failed", sync_failed(acme))
    sent = mails(db)
    assert set(sent) == {"ops@acme.test", "bram@acme.test"}  # Carla sees shop 99 only; Dirk no webshops
    subject, body = sent["ops@acme.test"]
    assert subject == "Webshop Acme shop: orders are not coming in"
    assert "3 times in a row" in body and "Consumer secret is invalid" in body and "2026-12-01 07:00" in body
    assert "http://portal.test/fulfilmentportal/webshops/4" in body
    assert sent["bram@acme.test"][0] == "Webshop Acme shop: bestellingen komen niet binnen"
    deliver(container, config, "webshop_gateway", "webshop_sync_failed", payload)  # delivered twice
    assert db.read(lambda session: session.scalar(select(func.count()).select_from(OutgoingMail))) == 2


def test_a_user_limited_to_the_failing_shop_is_told(db, container, config, acme):
    deliver(container, config, "webshop_gateway", "webshop_sync_failed", sync_failed(acme, 99))
    assert set(mails(db)) == {"ops@acme.test", "bram@acme.test", "carla@acme.test"}
