import pytest
from catalog_refusals import refusal
from sqlalchemy import select

from catalog import contract
from servicekit.messaging_tables import outbox
from servicekit.testing import assert_shape


def test_new_product_has_cost_price_weight_and_is_active(rpc, known_customers):
    acme, _ = known_customers
    product = rpc.create_product(acme, {"productcode": "TENT", "name": "Tent", "costprice": "80", "weight": 2300})
    assert (product["costprice"], product["weight"], product["active"]) == ("80.00", 2300, True)
    plain = rpc.create_product(acme, {"productcode": "PEG", "name": "Peg"})
    assert (plain["costprice"], plain["weight"], plain["active"]) == ("0.00", 0, True)


def test_update_changes_only_the_fields_sent(rpc, mug):
    updated = rpc.update_product(mug["idfulfilment_customer"], mug["idproduct"],
                                 {"name": "Blue mug XL", "price": "14.95", "costprice": "4.10", "active": False})
    assert (updated["name"], updated["price"], updated["costprice"], updated["active"]) == (
        "Blue mug XL", "14.95", "4.10", False)
    assert (updated["productcode"], updated["barcode"], updated["weight"]) == (mug["productcode"], None, 0)
    assert updated["updated_at"] >= mug["updated_at"]
    assert rpc.get_product(mug["idfulfilment_customer"], mug["idproduct"]) == updated


def test_productcode_can_be_sent_unchanged_but_never_changed(rpc, mug):
    same = rpc.update_product(mug["idfulfilment_customer"], mug["idproduct"],
                              {"productcode": mug["productcode"], "name": "Same code"})
    assert same["name"] == "Same code"
    error = refusal(rpc.update_product, mug["idfulfilment_customer"], mug["idproduct"], {"productcode": "MUG-RED"})
    assert (error.exc_type, error.value) == ("InvalidProduct", "productcode: cannot be changed")
    assert rpc.get_product(mug["idfulfilment_customer"], mug["idproduct"])["productcode"] == "MUG-BLUE"


@pytest.mark.parametrize("field,value", [("price", "-1"), ("costprice", -0.01), ("weight", -5), ("weight", 1.5),
                                         ("name", ""), ("idproduct", 3)])
def test_bad_update_is_refused_naming_the_field_and_changes_nothing(rpc, mug, field, value):
    error = refusal(rpc.update_product, mug["idfulfilment_customer"], mug["idproduct"], {"name": "New", field: value})
    assert error.exc_type == "InvalidProduct" and error.value.startswith(f"{field}: ")
    assert rpc.get_product(mug["idfulfilment_customer"], mug["idproduct"])["name"] == "Blue mug"


def test_products_updated_is_recorded_for_publishing(rpc, db, mug):
    updated = rpc.update_product(mug["idfulfilment_customer"], mug["idproduct"], {"weight": 350})
    with db.unit_of_work() as uow:
        payload = uow.session.scalar(select(outbox.c.payload).where(outbox.c.event_type == "products_updated"))
    assert payload["products"] == [updated]
    assert_shape(contract.EVENTS["products_updated"], payload)


def test_products_are_filtered_by_active_and_stock_and_sorted(rpc, mug, warehouse):
    acme = mug["idfulfilment_customer"]
    plate = rpc.create_product(acme, {"productcode": "PLATE", "name": "Plate", "price": "3"})
    bowl = rpc.create_product(acme, {"productcode": "BOWL", "name": "Bowl", "price": "9", "active": False})
    rpc.change_stock(acme, plate["idproduct"], warehouse["idwarehouse"], 4, "count")
    rpc.change_stock(acme, bowl["idproduct"], warehouse["idwarehouse"], 9, "count")

    def codes(filters, search=None):
        return [p["productcode"] for p in rpc.list_products(acme, 0, search, filters)]

    assert codes({"active": False}) == ["BOWL"]
    assert codes({"active": True}) == ["MUG-BLUE", "PLATE"]
    assert codes({"stock": "in_stock"}) == ["PLATE", "BOWL"]
    assert codes({"stock": "out_of_stock"}) == ["MUG-BLUE"]
    assert codes({"sort": "productcode"}) == ["BOWL", "MUG-BLUE", "PLATE"]
    assert codes({"sort": "-freestock"}) == ["BOWL", "PLATE", "MUG-BLUE"]
    assert codes({"sort": "-price", "stock": "in_stock"}) == ["BOWL", "PLATE"]
    assert codes({"active": True}, "pla") == ["PLATE"]
    operator_view = rpc.list_products_of_all_customers(0, "bowl", {"active": False})
    assert [p["idproduct"] for p in operator_view] == [bowl["idproduct"]]


def test_products_are_found_by_exact_code_and_by_when_they_changed(rpc, mug):
    acme = mug["idfulfilment_customer"]
    plate = rpc.create_product(acme, {"productcode": "PLATE", "name": "Plate"})
    rpc.create_product(acme, {"productcode": "PLATE-XL", "name": "Big plate"})
    assert [p["idproduct"] for p in rpc.list_products(acme, 0, None, {"productcode": "PLATE"})] == [plate["idproduct"]]
    assert rpc.list_products(acme, 0, None, {"productcode": "plate"}) == []
    changed = rpc.update_product(acme, plate["idproduct"], {"name": "Plate, white"})
    since = changed["updated_at"]
    assert plate["idproduct"] in [p["idproduct"] for p in rpc.list_products(acme, 0, None, {"updated_since": since})]
    assert rpc.list_products(acme, 0, None, {"updated_since": "9999-12-31"}) == []
    assert refusal(rpc.list_products, acme, 0, None, {"updated_since": "soon"}).value.startswith("updated_since: ")


@pytest.mark.parametrize("filters,field", [({"sort": "secret_column"}, "sort"), ({"stock": "some"}, "stock"),
                                           ({"customer_id": 1}, "customer_id")])
def test_bad_list_filters_are_refused_naming_them(rpc, known_customers, filters, field):
    acme, _ = known_customers
    error = refusal(rpc.list_products, acme, 0, None, filters)
    assert error.exc_type == "InvalidQuery" and error.value.startswith(f"{field}: ")


def test_products_below_their_minimum_stock_are_counted_and_listed(rpc, mug, warehouse):
    acme = mug["idfulfilment_customer"]
    rpc.update_product(acme, mug["idproduct"], {"minimum_stock": 5})
    plate = rpc.create_product(acme, {"productcode": "PLATE", "name": "Plate", "minimum_stock": 2})
    rpc.create_product(acme, {"productcode": "OLD", "name": "Old", "minimum_stock": 2, "active": False})
    rpc.create_product(acme, {"productcode": "NOMIN", "name": "No minimum"})
    rpc.change_stock(acme, mug["idproduct"], warehouse["idwarehouse"], 6, "count")
    rpc.change_stock(acme, plate["idproduct"], warehouse["idwarehouse"], 1, "count")
    assert rpc.count_low_stock_products(acme) == 1  # the plate; the mug has 6, OLD is inactive
    rpc.reserve_order_lines(acme, warehouse["idwarehouse"], [{"order_line_id": 1, "idproduct": mug["idproduct"],
                                                          "amount": 2}])  # the mug's free stock: 4
    assert rpc.count_low_stock_products(acme) == 2
    listed = rpc.list_products(acme, 0, None, {"stock": "below_minimum", "active": True})
    assert [p["productcode"] for p in listed] == ["MUG-BLUE", "PLATE"]
