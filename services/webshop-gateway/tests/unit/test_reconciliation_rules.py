"""Our free stock beside the shop's, product by product, without a shop or a database."""
from webshop_gateway.reconciliation import compare

PRODUCTS = [{"idproduct": n, "productcode": code, "name": code, "freestock": free}
            for n, (code, free) in enumerate([("MUG-1", 5), ("TEE-M", 2), ("CAP-1", 0), ("BAG-1", -1)], start=1)]


def test_each_product_is_same_differs_not_in_the_shop_or_not_tracked_there():
    rows = {row["productcode"]: row for row in compare(PRODUCTS, {"MUG-1": 5, "TEE-M": 7, "BAG-1": None})}
    assert rows["MUG-1"]["status"] == "same" and rows["MUG-1"]["difference"] == 0
    assert rows["TEE-M"]["status"] == "differs" and rows["TEE-M"]["difference"] == 5
    assert rows["CAP-1"]["status"] == "not_in_shop" and rows["CAP-1"]["shop_stock"] is None
    assert rows["BAG-1"]["status"] == "not_tracked" and rows["BAG-1"]["freestock"] == 0  # never below zero


def test_a_shop_that_could_not_be_read_leaves_every_row_unknown():
    assert {row["status"] for row in compare(PRODUCTS, None)} == {"unknown"}
