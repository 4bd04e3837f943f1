"""Importing products: all or nothing, every bad row named by number and field."""
from catalog_refusals import refusal
from sqlalchemy import select

from servicekit.messaging_tables import outbox


def rows(*products: dict, first_row: int = 2) -> list[dict]:
    return [{"row": first_row + n, "product": product} for n, product in enumerate(products)]


def test_import_creates_new_products_and_updates_those_whose_code_exists(rpc, db, mug):
    acme = mug["idfulfilment_customer"]
    result = rpc.import_products(acme, rows(
        {"productcode": "MUG-BLUE", "price": "7.50"},
        {"productcode": "PLATE", "name": "Plate", "barcode": "", "weight": 400},
    ))
    assert result == {"created": 1, "updated": 1, "errors": []}
    products = {p["productcode"]: p for p in rpc.list_products(acme)}
    assert (products["MUG-BLUE"]["name"], products["MUG-BLUE"]["price"]) == ("Blue mug", "7.50")
    assert (products["PLATE"]["barcode"], products["PLATE"]["weight"]) == (None, 400)
    with db.unit_of_work() as uow:
        events = uow.session.execute(select(outbox.c.event_type, outbox.c.payload)
                                     .where(outbox.c.event_type.in_(["products_created", "products_updated"]))).all()
    announced = [(event, [product["productcode"] for product in payload["products"]]) for event, payload in events]
    # mug's own creation, then the import's one event of each kind
    assert sorted(announced) == [("products_created", ["MUG-BLUE"]), ("products_created", ["PLATE"]),
                                 ("products_updated", ["MUG-BLUE"])]


def test_an_import_announces_its_products_in_one_event_of_each_kind(rpc, db, known_customers):
    acme, _ = known_customers
    rpc.import_products(acme, rows(*({"productcode": f"P{n}", "name": "P"} for n in range(300))))
    rpc.import_products(acme, rows(*({"productcode": f"P{n}", "price": "2"} for n in range(200))))
    with db.unit_of_work() as uow:
        events = uow.session.execute(select(outbox.c.event_type, outbox.c.payload)).all()
    counted = sorted((event, len(payload["products"])) for event, payload in events if event.startswith("products_"))
    assert counted == [("products_created", 300), ("products_updated", 200)]


def test_one_bad_row_writes_nothing_and_every_bad_row_is_reported(rpc, mug):
    acme = mug["idfulfilment_customer"]
    result = rpc.import_products(acme, rows(
        {"productcode": "GOOD", "name": "Good"},
        {"productcode": "NONAME", "price": "-1"},
        {"productcode": "GOOD", "name": "Good again"},
        {"productcode": "MUG-BLUE", "weight": 1.5},
    ))
    assert (result["created"], result["updated"]) == (0, 0)
    assert [(e["row"], e["field"]) for e in result["errors"]] == [
        (3, "name"), (3, "price"), (4, "productcode"), (5, "weight")]
    assert "also on row 2" in result["errors"][2]["message"]
    assert [p["productcode"] for p in rpc.list_products(acme)] == ["MUG-BLUE"]
    assert rpc.get_product(acme, mug["idproduct"])["weight"] == 0


def test_import_touches_only_the_importing_customers_products(rpc, known_customers):
    acme, globex = known_customers
    theirs = rpc.create_product(globex, {"productcode": "SHARED", "name": "Globex's"})
    result = rpc.import_products(acme, rows({"productcode": "SHARED", "price": "1"}))
    assert [(e["row"], e["field"]) for e in result["errors"]] == [(2, "name")]  # new for Acme: needs a name
    assert rpc.import_products(acme, rows({"productcode": "SHARED", "name": "Acme's"}))["created"] == 1
    assert rpc.get_product(globex, theirs["idproduct"]) == theirs


def test_empty_or_too_large_or_malformed_imports_are_refused(rpc, known_customers):
    acme, _ = known_customers
    assert refusal(rpc.import_products, acme, []).value.startswith("rows: ")
    too_many = rows(*({"productcode": f"P{n}", "name": "P"} for n in range(5001)))
    assert "at most 5000" in refusal(rpc.import_products, acme, too_many).value
    assert refusal(rpc.import_products, acme, [{"product": {}}]).exc_type == "InvalidProduct"
