"""A shop's stock beside ours, read live from (fake) WooCommerce and Shopify shops and a faked catalog."""
import pytest
from nameko.exceptions import RemoteError
from webshop_fakes import FakeCatalog, FakeShopify, FakeWooCommerce

from webshop_gateway import reconciliation
from webshop_gateway.connections import link_webshop

CUSTOMER = 7


def catalog_with(**freestock) -> FakeCatalog:
    catalog = FakeCatalog()
    catalog.freestock.update({code.replace("_", "-"): free for code, free in freestock.items()})
    return catalog


def statuses(result: dict) -> dict[str, tuple]:
    return {row["productcode"]: (row["status"], row["shop_stock"], row["freestock"]) for row in result["rows"]}


def test_a_woocommerce_shops_stock_is_flagged_where_it_differs_from_ours(db):
    with FakeWooCommerce() as shop:
        shop.add_product("MUG-1", stock_quantity=5)
        shop.add_product("TEE-M", stock_quantity=9)
        shop.add_product("CAP-1", manage_stock=False)
        webshop = db.change(link_webshop, CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": shop.url,
                                                     "consumer_key": shop.consumer_key,
                                                     "consumer_secret": shop.consumer_secret}, "anna")
        result = reconciliation.reconcile(db, catalog_with(MUG_1=5, TEE_M=2, CAP_1=1, LAMP_9=3), CUSTOMER,
                                          webshop["idwebshop"], 0)
    assert statuses(result) == {"MUG-1": ("same", 5, 5), "TEE-M": ("differs", 9, 2), "CAP-1": ("not_tracked", None, 1),
                                "LAMP-9": ("not_in_shop", None, 3)}
    assert result["differences"] == 1 and result["shop_error"] is None and result["more"] is False
    assert [path for method, path in shop.requests][-1].startswith("/wp-json/wc/v3/products?sku=MUG-1%2CTEE-M")


def test_a_shopify_shops_variants_are_compared_by_sku(db):
    with FakeShopify() as shop:
        shop.add_product("MUG-1", available=4)
        webshop = db.change(link_webshop, CUSTOMER, {"platform": "shopify", "name": "Acme on Shopify", "url": shop.url,
                                                     "access_token": shop.access_token}, "anna")
        result = reconciliation.reconcile(db, catalog_with(MUG_1=6), CUSTOMER, webshop["idwebshop"], 0)
    assert statuses(result) == {"MUG-1": ("differs", 4, 6)} and result["rows"][0]["difference"] == -2


def test_a_shop_that_cannot_be_read_still_shows_our_stock_and_says_why(db):
    with FakeWooCommerce() as shop:
        webshop = db.change(link_webshop, CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": shop.url,
                                                     "consumer_key": shop.consumer_key,
                                                     "consumer_secret": shop.consumer_secret}, "anna")
        shop.revoke_keys()
        result = reconciliation.reconcile(db, catalog_with(MUG_1=5), CUSTOMER, webshop["idwebshop"], 0)
    assert statuses(result) == {"MUG-1": ("unknown", None, 5)} and "refused the credentials" in result["shop_error"]


def test_no_products_is_an_empty_page_and_another_clients_shop_is_not_found(rpc, db):
    webshop = rpc.link_webshop(CUSTOMER, {"platform": "woocommerce", "name": "Acme shop", "url": "http://127.0.0.1:9",
                                          "consumer_key": "ck", "consumer_secret": "cs"}, "anna")
    result = reconciliation.reconcile(db, FakeCatalog(), CUSTOMER, webshop["idwebshop"], 0)
    assert result["rows"] == [] and result["shop_error"] is None
    with pytest.raises(RemoteError) as refused:
        rpc.get_stock_reconciliation(8, webshop["idwebshop"])
    assert refused.value.exc_type == "WebshopNotFound"
