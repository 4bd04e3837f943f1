import re

from catalog_refusals import refusal
from sqlalchemy import select

from catalog import contract
from catalog.models import Product
from catalog.schemas import ProductOutput
from servicekit.messaging_tables import outbox
from servicekit.testing import assert_shape

MUG = {"productcode": "MUG-BLUE", "name": "Blue mug", "barcode": "8712345678906", "price": "12.5"}


def test_created_product_answers_in_picqer_shape(rpc, known_customers):
    acme, _ = known_customers
    product = rpc.create_product(acme, MUG)
    assert_shape(ProductOutput, product)
    assert product["idfulfilment_customer"] == acme
    assert product["price"] == "12.50"
    assert (product["stock"], product["freestock"]) == ([], 0)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", product["created_at"])
    assert rpc.get_product(acme, product["idproduct"]) == product


def test_a_product_read_answers_as_the_product_is_listed(rpc, known_customers):
    """get_product reads through the driver, list_products through the ORM and the schema: the
    same product, with stock in two warehouses and some of it reserved, the same answer."""
    acme, globex = known_customers
    product = rpc.create_product(acme, {**MUG, "costprice": "3.1", "description": "Blauw"})
    second, first = rpc.create_warehouse("Venlo")["idwarehouse"], rpc.create_warehouse("Tilburg")["idwarehouse"]
    for place, change in ((first, 10), (second, 4)):
        rpc.change_stock(acme, product["idproduct"], place, change, "receipt")
    rpc.reserve_order_lines(acme, first, [{"order_line_id": 1, "idproduct": product["idproduct"], "amount": 3}])
    listed = rpc.list_products(acme)[0]
    assert (listed["freestock"], len(listed["stock"])) == (11, 2)
    assert rpc.get_product(acme, product["idproduct"]) == listed
    assert list(rpc.get_product_of_any_customer(product["idproduct"])) == list(listed)  # the fields' order too
    assert rpc.get_product_of_any_customer(product["idproduct"]) == listed
    assert refusal(rpc.get_product, globex, product["idproduct"]).exc_type == "ProductNotFound"


def test_price_defaults_to_zero(rpc, known_customers):
    acme, _ = known_customers
    assert rpc.create_product(acme, {"productcode": "BOX", "name": "Box"})["price"] == "0.00"


def test_products_created_is_recorded_for_publishing_with_the_product(rpc, db, known_customers):
    acme, _ = known_customers
    product = rpc.create_product(acme, MUG)
    with db.unit_of_work() as uow:
        payload = uow.session.scalar(select(outbox.c.payload).where(outbox.c.event_type == "products_created"))
    assert payload["products"] == [product]
    assert_shape(contract.EVENTS["products_created"], payload)


def test_products_are_listed_counted_and_found_by_code_name_or_barcode(rpc, known_customers):
    acme, _ = known_customers
    mug = rpc.create_product(acme, MUG)
    plate = rpc.create_product(acme, {"productcode": "PLATE-1", "name": "Dinner plate", "barcode": "50_50"})
    assert rpc.list_products(acme) == [mug, plate]
    assert rpc.count_products(acme) == 2
    assert rpc.list_products(acme, 0, "mug-") == [mug]
    assert rpc.list_products(acme, 0, "DINNER") == [plate]
    assert rpc.list_products(acme, 0, "8712345") == [mug]
    # % and _ are letters to search for, not wildcards
    assert rpc.list_products(acme, 0, "50_5") == [plate]
    assert rpc.list_products(acme, 0, "%") == []


def test_lists_return_at_most_100_products_and_the_rest_from_offset_100(rpc, db, known_customers):
    acme, _ = known_customers
    with db.unit_of_work() as uow:
        uow.session.add_all(Product(customer_id=acme, productcode=f"P{n:03}", name=f"Product {n}")
                            for n in range(105))
        uow.commit()
    first_page = rpc.list_products(acme)
    assert len(first_page) == 100 and first_page[0]["productcode"] == "P000"
    assert [p["productcode"] for p in rpc.list_products(acme, 100)] == ["P100", "P101", "P102", "P103", "P104"]
    assert len(rpc.list_products_of_all_customers()) == 100
    assert len(rpc.list_products_of_all_customers(100)) == 5


def test_products_are_found_by_id_or_code_for_order_lines(rpc, known_customers):
    acme, _ = known_customers
    mug = rpc.create_product(acme, MUG)
    cup = rpc.create_product(acme, {**MUG, "productcode": "CUP-1", "name": "Cup"})
    rpc.create_product(acme, {**MUG, "productcode": "PLATE-1", "name": "Plate"})
    found = rpc.find_products(acme, [mug["idproduct"], 999999], ["CUP-1", "NO-SUCH-CODE"])
    assert [p["idproduct"] for p in found] == [mug["idproduct"], cup["idproduct"]]
    assert rpc.find_products(acme) == []
    assert rpc.find_product_ids(acme, ["CUP-1", "NO-SUCH-CODE", "MUG-BLUE"]) == {
        "CUP-1": cup["idproduct"], "MUG-BLUE": mug["idproduct"]}


def test_operator_sees_the_products_of_every_customer(rpc, known_customers):
    acme, globex = known_customers
    mug = rpc.create_product(acme, MUG)
    globex_mug = rpc.create_product(globex, MUG)
    assert rpc.list_products_of_all_customers() == [mug, globex_mug]
    assert rpc.get_product_of_any_customer(globex_mug["idproduct"]) == globex_mug
    assert refusal(rpc.get_product_of_any_customer, 424242).exc_type == "ProductNotFound"


def test_productcode_is_unique_per_customer(rpc, known_customers):
    acme, globex = known_customers
    rpc.create_product(acme, MUG)
    error = refusal(rpc.create_product, acme, {**MUG, "name": "Another mug"})
    assert (error.exc_type, error.value) == ("DuplicateProductCode", "productcode: 'MUG-BLUE' already exists")
    assert rpc.create_product(globex, MUG)["idfulfilment_customer"] == globex
    assert rpc.count_products(acme) == rpc.count_products(globex) == 1


def test_invalid_product_is_refused_naming_the_field(rpc, known_customers):
    acme, _ = known_customers
    error = refusal(rpc.create_product, acme, {**MUG, "price": -1})
    assert error.exc_type == "InvalidProduct" and "price" in error.value


def test_a_customer_nobody_knows_cannot_have_products(rpc, known_customers):
    error = refusal(rpc.create_product, 999999, MUG)
    assert error.exc_type == "UnknownCustomer"


def test_a_customer_whose_announcement_is_still_on_its_way_is_asked_of_accounts(rpc, accounts):
    """A client created a moment ago through the API creates its first product at once."""
    accounts.customers[3003] = {"idfulfilment_customer": 3003, "name": "Just created BV"}
    product = rpc.create_product(3003, MUG)
    assert product["idfulfilment_customer"] == 3003
    assert rpc.import_products(3003, [{"row": 2, "product": {"productcode": "CUP-1", "name": "Cup"}}])["created"] == 1


def test_missing_product_is_not_found(rpc, known_customers):
    acme, _ = known_customers
    assert refusal(rpc.get_product, acme, 424242).exc_type == "ProductNotFound"


def test_values_the_database_cannot_hold_are_refused_as_bad_input_and_nothing_is_written(rpc, db, known_customers):
    acme, _ = known_customers
    nul = refusal(rpc.create_product, acme, {"productcode": "NUL\x00CODE", "name": "Mug"})
    assert (nul.exc_type, "NUL" in nul.value) == ("InvalidValue", True)
    too_large = refusal(rpc.get_product, acme, 2**40)
    assert (too_large.exc_type, "out of range" in too_large.value) == ("InvalidValue", True)
    with db.unit_of_work() as uow:
        assert uow.session.scalar(select(Product).where(Product.customer_id == acme)) is None


def test_a_product_keeps_picqers_description_and_vat_group_21_percent_unless_named(rpc, known_customers):
    acme, _ = known_customers
    assert rpc.list_vat_groups() == [{"idvatgroup": 1, "name": "BTW hoog", "percentage": "21.00"},
                                     {"idvatgroup": 2, "name": "BTW laag", "percentage": "9.00"},
                                     {"idvatgroup": 3, "name": "BTW 0%", "percentage": "0.00"}]
    plain = rpc.create_product(acme, MUG)
    assert (plain["description"], plain["idvatgroup"]) == (None, 1)
    bread = rpc.create_product(acme, {"productcode": "BREAD", "name": "Bread", "description": "Sourdough, 800 g",
                                      "idvatgroup": 2})
    assert (bread["description"], bread["idvatgroup"]) == ("Sourdough, 800 g", 2)
    changed = rpc.update_product(acme, bread["idproduct"], {"idvatgroup": 3})
    assert (changed["description"], changed["idvatgroup"]) == ("Sourdough, 800 g", 3)
    for call, args in ((rpc.create_product, (acme, {**MUG, "productcode": "X", "idvatgroup": 4})),
                       (rpc.update_product, (acme, bread["idproduct"], {"idvatgroup": 99})),
                       (rpc.update_product, (acme, bread["idproduct"], {"idvatgroup": True}))):
        error = refusal(call, *args)
        assert error.exc_type == "InvalidProduct" and "idvatgroup" in error.value
    assert rpc.get_product(acme, bread["idproduct"])["idvatgroup"] == 3
