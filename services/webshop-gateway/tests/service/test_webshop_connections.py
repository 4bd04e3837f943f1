"""Linking shops through the real service on a real broker and database."""
import pytest
from nameko.exceptions import RemoteError
from sqlalchemy import select

from webshop_gateway.credentials import unseal
from webshop_gateway.models import Webshop

WOOCOMMERCE = {"platform": "woocommerce", "name": "Acme shop", "url": "https://shop.acme.test/",
               "consumer_key": "ck_1234", "consumer_secret": "cs_secret_5678"}


def stored_credentials(db, webshop_id: int) -> str | None:
    return db.read(lambda session: session.scalar(select(Webshop.credentials).where(Webshop.id == webshop_id)))


def test_a_linked_shop_keeps_its_credentials_encrypted_and_never_gives_them_back(rpc, db):
    webshop = rpc.link_webshop(7, WOOCOMMERCE, "anna")
    assert webshop["platform"] == "woocommerce" and webshop["url"] == "https://shop.acme.test"
    assert "cs_secret_5678" not in str(webshop) and "ck_1234" not in str(webshop)
    sealed = stored_credentials(db, webshop["idwebshop"])
    assert "cs_secret_5678" not in sealed
    assert unseal(sealed) == {"consumer_key": "ck_1234", "consumer_secret": "cs_secret_5678"}
    assert rpc.list_webshops(7) == [webshop] and rpc.get_webshop(7, webshop["idwebshop"]) == webshop


@pytest.mark.parametrize("data, message", [
    ({**WOOCOMMERCE, "consumer_secret": None}, "consumer_secret"),
    ({"platform": "shopify", "name": "S", "url": "https://s.myshopify.com", "consumer_key": "ck"},
     "access_token: Required for a shopify shop.; consumer_key: Not used by a shopify shop."),
    ({**WOOCOMMERCE, "url": "ftp://shop.acme.test"}, "url: Not a valid URL."),
    ({**WOOCOMMERCE, "platform": "magento"}, "platform: Must be one of"),
])
def test_bad_input_is_refused_naming_the_field(rpc, data, message):
    with pytest.raises(RemoteError) as refused:
        rpc.link_webshop(7, data, "anna")
    assert refused.value.exc_type == "InvalidWebshop" and message in refused.value.value


def test_another_clients_shop_is_not_found(rpc):
    webshop = rpc.link_webshop(7, WOOCOMMERCE, "anna")
    for call in (lambda: rpc.get_webshop(8, webshop["idwebshop"]),
                 lambda: rpc.unlink_webshop(8, webshop["idwebshop"], "mallory")):
        with pytest.raises(RemoteError) as refused:
            call()
        assert refused.value.exc_type == "WebshopNotFound"
    assert rpc.list_webshops(8) == []


def test_a_user_limited_to_some_shops_lists_only_those(rpc):
    first = rpc.link_webshop(7, WOOCOMMERCE, "anna")
    second = rpc.link_webshop(7, {"platform": "json", "name": "Outlet", "url": "http://127.0.0.1:9/orders",
                                  "access_token": "token"}, "anna")
    assert rpc.list_webshops(7, [second["idwebshop"]]) == [second]
    assert rpc.list_webshops(7, []) == []
    assert [row["idwebshop"] for row in rpc.list_webshops_of_all_customers()] == [first["idwebshop"],
                                                                                  second["idwebshop"]]


def test_an_unlinked_shop_forgets_its_credentials_and_is_gone(rpc, db):
    webshop = rpc.link_webshop(7, WOOCOMMERCE, "anna")
    rpc.unlink_webshop(7, webshop["idwebshop"], "anna")
    assert stored_credentials(db, webshop["idwebshop"]) is None
    assert rpc.list_webshops(7) == []
    with pytest.raises(RemoteError) as refused:
        rpc.get_webshop(7, webshop["idwebshop"])
    assert refused.value.exc_type == "WebshopNotFound"
