"""Orders keeps a copy of the clients' products from catalog's product events, so placing an order
does not wait for the catalog; a product not heard of yet is asked of the catalog once."""
import uuid

import pytest
from nameko.exceptions import RemoteError
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from orders_fakes import ACME, FakeCatalog

from catalog import contract as catalog_contract
from orders import contract
from servicekit.testing import field_paths

ORDER = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
         "deliverycity": "Utrecht", "deliverycountry": "NL"}
MUG = FakeCatalog.PRODUCTS[0]


def place(rpc, *products):
    return rpc.create_order(ACME, {**ORDER, "products": list(products)}, "portal", "anna")["order"]


def announce(container, config, event_type: str, *products: dict) -> None:
    with entrypoint_waiter(container, f"handle_{event_type}", timeout=10):
        event_dispatcher(config)("catalog", event_type, {"event_id": str(uuid.uuid4()), "products": list(products)})


def test_an_announced_product_is_ordered_without_asking_the_catalog(rpc, catalog, products_announced):
    order = place(rpc, {"productcode": "MUG-1", "amount": 2})
    assert [(line["idproduct"], line["name"], line["price"]) for line in order["products"]] == [(11, "Mug", "4.50")]
    assert "find_products" not in catalog.calls


def test_a_product_not_heard_of_is_asked_of_the_catalog_once_and_remembered(rpc, catalog):
    place(rpc, {"idproduct": 11, "amount": 1})
    place(rpc, {"productcode": "MUG-1", "amount": 1})
    assert catalog.calls.count("find_products") == 1


def test_a_renamed_product_is_ordered_under_its_new_name_and_an_older_announcement_changes_nothing(
        rpc, catalog, container, config, products_announced):
    announce(container, config, "products_updated", {**MUG, "name": "Big mug", "price": "5.00",
                                                     "updated_at": "2026-12-02T00:00:00+00:00"})
    announce(container, config, "products_updated", {**MUG, "name": "Old mug", "updated_at": "2026-11-01T00:00:00+00:00"})
    order = place(rpc, {"idproduct": 11, "amount": 1})
    assert (order["products"][0]["name"], order["products"][0]["price"]) == ("Big mug", "5.00")


def test_an_imports_thousands_of_products_are_remembered_from_one_event(rpc, catalog, container, config):
    imported = [{**MUG, "idproduct": 1000 + n, "productcode": f"IMP-{n}", "name": f"Imported {n}"} for n in range(2000)]
    newer_twice = {**imported[5], "name": "Renamed", "updated_at": "2026-12-02T00:00:00+00:00"}
    announce(container, config, "products_created", *imported, newer_twice)
    order = place(rpc, {"productcode": "IMP-1999", "amount": 1}, {"idproduct": 1005, "amount": 1})
    assert [line["name"] for line in order["products"]] == ["Imported 1999", "Renamed"]
    assert "find_products" not in catalog.calls


def test_a_product_the_catalog_does_not_know_either_is_refused_naming_the_line(rpc, catalog):
    with pytest.raises(RemoteError) as refused:
        place(rpc, {"idproduct": 11, "amount": 1}, {"productcode": "NOPE", "amount": 1})
    assert refused.value.exc_type == "InvalidOrder"
    assert refused.value.value == "products.1: unknown product (productcode 'NOPE')"


def test_another_clients_product_is_unknown_whatever_orders_has_heard(rpc, products_announced):
    with pytest.raises(RemoteError) as refused:
        place(rpc, {"idproduct": 21, "amount": 1})
    assert refused.value.exc_type == "InvalidOrder"


def test_orders_reads_only_fields_catalogs_product_events_promise():
    read = field_paths(contract.CONSUMES[("catalog", "products_created")])
    assert read <= field_paths(catalog_contract.EVENTS["products_created"]) | {"event_id"}
    assert read <= field_paths(catalog_contract.EVENTS["products_updated"]) | {"event_id"}
    read = field_paths(contract.CONSUMES[("catalog", "reservations_filled")])
    assert read <= field_paths(catalog_contract.EVENTS["reservations_filled"]) | {"event_id"}
