"""Acme asks about Globex's product through every method that takes a customer: it learns nothing
and changes nothing."""
import pytest
from catalog_images import image_base64
from nameko.exceptions import RemoteError

from catalog import contract


GLOBEX_ORDER_LINE = 77
RECEIPT = {"type": "receipt", "id": "r-1"}


def refused_as_missing(call, customer_id, product_id, *args) -> None:
    """The answer a product id that does not exist gets, word for word."""
    with pytest.raises(RemoteError) as error:
        call(customer_id, product_id, *args)
    assert (error.value.exc_type, error.value.value) == ("ProductNotFound", f"product {product_id} not found")


def line_refused_as_missing(call, customer_id, order_line_id) -> None:
    with pytest.raises(RemoteError) as error:
        call(customer_id, order_line_id)
    assert (error.value.exc_type, error.value.value) == (
        "ReservationNotFound", f"reservation for order line {order_line_id} not found")


def asks_for_it(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.get_product, acme, globex_product["idproduct"])


def lists_and_searches_for_it(rpc, acme, globex_product, warehouse):
    assert rpc.list_products(acme) == []
    assert rpc.list_products(acme, 0, globex_product["productcode"]) == []


def counts_it(rpc, acme, globex_product, warehouse):
    assert rpc.count_products(acme) == 0


def finds_it_by_id_or_code(rpc, acme, globex_product, warehouse):
    assert rpc.find_products(acme, [globex_product["idproduct"]], [globex_product["productcode"]]) == []


def finds_its_id_by_code(rpc, acme, globex_product, warehouse):
    assert rpc.find_product_ids(acme, [globex_product["productcode"]]) == {}


def counts_it_as_low_on_stock(rpc, acme, globex_product, warehouse):
    assert rpc.count_low_stock_products(acme) == 0
    assert rpc.count_low_stock_products(acme, [warehouse["idwarehouse"]]) == 0  # a scope naming its warehouse


def changes_its_stock(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.change_stock, acme, globex_product["idproduct"], warehouse["idwarehouse"], -1, "")
    refused_as_missing(rpc.change_stock, acme, globex_product["idproduct"], warehouse["idwarehouse"], 1, "")


def updates_it(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.update_product, acme, globex_product["idproduct"], {"name": "Mine now"})


def reads_its_stock_level(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.get_stock_level, acme, globex_product["idproduct"], warehouse["idwarehouse"])


def sets_its_stock(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.set_stock, acme, globex_product["idproduct"], warehouse["idwarehouse"], 0, "")


def receives_it(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.receive_stock, acme, globex_product["idproduct"], warehouse["idwarehouse"], 3, RECEIPT)


def receives_it_in_a_batch(rpc, acme, globex_product, warehouse):
    with pytest.raises(RemoteError) as error:
        rpc.receive_stock_lines(acme, warehouse["idwarehouse"], RECEIPT,
                                [{"idproduct": globex_product["idproduct"], "amount": 3}])
    assert (error.value.exc_type, error.value.value) == ("ProductNotFound",
                                                         f"product {globex_product['idproduct']} not found")


def reads_its_history(rpc, acme, globex_product, warehouse):
    assert rpc.list_stock_history(acme) == []
    assert rpc.list_stock_history(acme, {"idproduct": globex_product["idproduct"]}) == []


def values_its_stock_on_a_date(rpc, acme, globex_product, warehouse):
    assert rpc.get_stock_as_of(acme, "2999-01-01") == []


def adds_an_image_to_it(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.add_product_image, acme, globex_product["idproduct"], image_base64())


def lists_its_images(rpc, acme, globex_product, warehouse):
    refused_as_missing(rpc.list_product_images, acme, globex_product["idproduct"])


def fetches_its_image(rpc, acme, globex_product, warehouse):
    [image] = rpc.list_product_images(globex_product["idfulfilment_customer"], globex_product["idproduct"])
    for thumbnail in (False, True):
        with pytest.raises(RemoteError) as error:
            rpc.get_product_image(acme, image["idproduct_image"], thumbnail)
        assert (error.value.exc_type, error.value.value) == (
            "ImageNotFound", f"image {image['idproduct_image']} not found")


def deletes_its_image(rpc, acme, globex_product, warehouse):
    [image] = rpc.list_product_images(globex_product["idfulfilment_customer"], globex_product["idproduct"])
    with pytest.raises(RemoteError) as error:
        rpc.delete_product_image(acme, image["idproduct_image"])
    assert (error.value.exc_type, error.value.value) == ("ImageNotFound", f"image {image['idproduct_image']} not found")


def lists_its_first_image(rpc, acme, globex_product, warehouse):
    assert rpc.list_first_product_images(acme, [globex_product["idproduct"]]) == {}


def reserves_it(rpc, acme, globex_product, warehouse):
    with pytest.raises(RemoteError) as error:
        rpc.reserve_order_lines(acme, warehouse["idwarehouse"], [
            {"order_line_id": 1, "idproduct": globex_product["idproduct"], "amount": 1}])
    assert (error.value.exc_type, error.value.value) == (
        "ProductNotFound", f"product {globex_product['idproduct']} not found")


def releases_its_reservation(rpc, acme, globex_product, warehouse):
    with pytest.raises(RemoteError) as error:
        rpc.release_order_lines(acme, warehouse["idwarehouse"], [
            {"order_line_id": GLOBEX_ORDER_LINE, "idproduct": globex_product["idproduct"]}])
    assert error.value.exc_type == "ProductNotFound"
    own = rpc.create_product(acme, {"productcode": "OWN-1", "name": "Acme's own"})
    released = rpc.release_order_lines(acme, warehouse["idwarehouse"], [
        {"order_line_id": GLOBEX_ORDER_LINE, "idproduct": own["idproduct"]}])
    assert released[0]["idfulfilment_customer"] == acme  # a line id of its own, not Globex's
    level = rpc.get_stock_level(globex_product["idfulfilment_customer"], globex_product["idproduct"],
                                warehouse["idwarehouse"])
    assert level["reserved"] == 2


def reads_its_reservations(rpc, acme, globex_product, warehouse):
    assert rpc.get_order_line_reservations(acme, [GLOBEX_ORDER_LINE]) == []


def ships_its_reservation(rpc, acme, globex_product, warehouse):
    picklist = {"idpicklist": 1, "picklistid": "P1"}
    with pytest.raises(RemoteError) as error:
        rpc.consume_order_lines(acme, warehouse["idwarehouse"], picklist, [
            {"order_line_id": GLOBEX_ORDER_LINE, "idproduct": globex_product["idproduct"], "amount": 2, "picked": 2}])
    assert error.value.exc_type == "ProductNotFound"
    own = rpc.create_product(acme, {"productcode": "OWN-1", "name": "Acme's own"})
    line_refused_as_missing(lambda customer_id, line: rpc.consume_order_lines(
        customer_id, warehouse["idwarehouse"], picklist,
        [{"order_line_id": line, "idproduct": own["idproduct"], "amount": 2, "picked": 2}]), acme, GLOBEX_ORDER_LINE)
    level = rpc.get_stock_level(globex_product["idfulfilment_customer"], globex_product["idproduct"],
                                warehouse["idwarehouse"])
    assert (level["stock"], level["reserved"]) == (5, 2)


def imports_over_it(rpc, acme, globex_product, warehouse):
    result = rpc.import_products(acme, [{"row": 2, "product": {"productcode": globex_product["productcode"],
                                                              "name": "Acme's own", "price": "1"}}])
    assert (result["created"], result["updated"]) == (1, 0)


def creates_one_with_its_code(rpc, acme, globex_product, warehouse):
    own = rpc.create_product(acme, {"productcode": globex_product["productcode"], "name": "Acme's own"})
    assert own["idproduct"] != globex_product["idproduct"]
    assert own["idfulfilment_customer"] == acme


def charts_its_stock(rpc, acme, globex_product, warehouse):
    with pytest.raises(RemoteError) as error:
        rpc.get_stock_over_time(acme, globex_product["idproduct"])
    assert (error.value.exc_type, error.value.value) == (
        "ProductNotFound", f"product {globex_product['idproduct']} not found")


CROSS_TENANT = {
    "get_product": asks_for_it,
    "list_products": lists_and_searches_for_it,
    "count_products": counts_it,
    "find_products": finds_it_by_id_or_code,
    "find_product_ids": finds_its_id_by_code,
    "count_low_stock_products": counts_it_as_low_on_stock,
    "change_stock": changes_its_stock,
    "create_product": creates_one_with_its_code,
    "update_product": updates_it,
    "import_products": imports_over_it,
    "get_stock_level": reads_its_stock_level,
    "set_stock": sets_its_stock,
    "receive_stock": receives_it,
    "receive_stock_lines": receives_it_in_a_batch,
    "list_stock_history": reads_its_history,
    "reserve_order_lines": reserves_it,
    "get_order_line_reservations": reads_its_reservations,
    "get_stock_as_of": values_its_stock_on_a_date,
    "get_stock_over_time": charts_its_stock,
    "add_product_image": adds_an_image_to_it,
    "list_product_images": lists_its_images,
    "list_first_product_images": lists_its_first_image,
    "get_product_image": fetches_its_image,
    "delete_product_image": deletes_its_image,
    "release_order_lines": releases_its_reservation,
    "consume_order_lines": ships_its_reservation,
}


def test_every_method_taking_a_customer_has_a_cross_tenant_case():
    customer_scoped = {name for name, spec in contract.RPC.items() if spec["args"][:1] == ["customer_id"]}
    assert customer_scoped == set(CROSS_TENANT)


@pytest.mark.parametrize("method", sorted(CROSS_TENANT))
def test_one_customer_cannot_see_or_touch_another_customers_product(method, rpc, known_customers, warehouse):
    acme, globex = known_customers
    globex_product = rpc.create_product(globex, {"productcode": "SECRET-1", "name": "Globex only", "minimum_stock": 10})
    rpc.change_stock(globex, globex_product["idproduct"], warehouse["idwarehouse"], 5, "received")
    rpc.reserve_order_lines(globex, warehouse["idwarehouse"], [
        {"order_line_id": GLOBEX_ORDER_LINE, "idproduct": globex_product["idproduct"], "amount": 2}])
    rpc.add_product_image(globex, globex_product["idproduct"], image_base64())
    globex_product = rpc.get_product(globex, globex_product["idproduct"])
    history = rpc.list_stock_history(globex)

    CROSS_TENANT[method](rpc, acme, globex_product, warehouse)

    assert rpc.get_product(globex, globex_product["idproduct"]) == globex_product
    assert rpc.count_products(globex) == 1 and rpc.count_low_stock_products(globex) == 1
    assert rpc.list_stock_history(globex) == history
    assert len(rpc.list_product_images(globex, globex_product["idproduct"])) == 1
