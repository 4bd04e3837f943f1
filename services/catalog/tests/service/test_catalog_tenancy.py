"""Acme asks about Globex's product through every method that takes a customer: it learns nothing
and changes nothing."""
import pytest
from nameko.exceptions import RemoteError

from catalog import contract


def refused_as_missing(call, customer_id, product_id, *args) -> None:
    """The answer a product id that does not exist gets, word for word."""
    with pytest.raises(RemoteError) as error:
        call(customer_id, product_id, *args)
    assert (error.value.exc_type, error.value.value) == ("ProductNotFound", f"product {product_id} not found")


def asks_for_it(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.get_product, acme, globex_product["idproduct"])


def lists_and_searches_for_it(rpc, acme, globex_product, warehouse):
    assert rpc.list_products(acme) == []
    assert rpc.list_products(acme, 0, globex_product["productcode"]) == []


def counts_it(rpc, acme, globex_product, warehouse):
    assert rpc.count_products(acme) == 0


def finds_it_by_id_or_code(rpc, acme, globex_product, warehouse):
    assert rpc.find_products(acme, [globex_product["idproduct"]], [globex_product["productcode"]]) == []


def changes_its_stock(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.change_stock, acme, globex_product["idproduct"], warehouse["idwarehouse"], -1, "")
    refused_as_missing(rpc.change_stock, acme, globex_product["idproduct"], warehouse["idwarehouse"], 1, "")


def creates_one_with_its_code(rpc, acme, globex_product, warehouse):
    own = rpc.create_product(acme, {"productcode": globex_product["productcode"], "name": "Acme's own"})
    assert own["idproduct"] != globex_product["idproduct"]
    assert own["idfulfilment_customer"] == acme


CROSS_TENANT = {
    "get_product": asks_for_it,
    "list_products": lists_and_searches_for_it,
    "count_products": counts_it,
    "find_products": finds_it_by_id_or_code,
    "change_stock": changes_its_stock,
    "create_product": creates_one_with_its_code,
}


def test_every_method_taking_a_customer_has_a_cross_tenant_case():
    customer_scoped = {name for name, spec in contract.RPC.items() if spec["args"][:1] == ["customer_id"]}
    assert customer_scoped == set(CROSS_TENANT)


@pytest.mark.parametrize("method", sorted(CROSS_TENANT))
def test_one_customer_cannot_see_or_touch_another_customers_product(method, rpc, known_customers, warehouse):
    acme, globex = known_customers
    globex_product = rpc.create_product(globex, {"productcode": "SECRET-1", "name": "Globex only"})
    rpc.change_stock(globex, globex_product["idproduct"], warehouse["idwarehouse"], 5, "received")
    globex_product = rpc.get_product(globex, globex_product["idproduct"])

    CROSS_TENANT[method](rpc, acme, globex_product, warehouse)

    assert rpc.get_product(globex, globex_product["idproduct"]) == globex_product
    assert rpc.count_products(globex) == 1
