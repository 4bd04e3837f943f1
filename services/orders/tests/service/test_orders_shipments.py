"""Shipments: parcels for a picklist with something picked, sent with a profile the client may use,
the track & trace address made from the provider's pattern; several per picklist; cancelled only
within minutes; each announced once (order_shipped)."""
from datetime import datetime, timedelta

from orders_fakes import ACME, GLOBEX
from orders_flow import CUP, MUG, WAREHOUSE, place, stock_arrives
from sqlalchemy import text
from test_orders_customer_rules import announced, deliver, remote_error as refusal  # noqa: F401 (deliver: a fixture)
from test_orders_picklists import picklists_of, processed
from test_orders_shipping_providers import POSTNL

from orders.schemas import ShipmentOutput
from servicekit.testing import assert_shape


def parcel(profile_id=None, **fields) -> dict:
    return {"idshippingprovider_profile": profile_id, "weight": 1200, "trackingcode": "3SABC123", **fields}


def profiles(rpc) -> tuple[int, int]:
    provider = rpc.create_shipping_provider(POSTNL)
    standard, evening = (profile["idshippingprovider_profile"] for profile in provider["profiles"])
    return standard, evening


def test_a_picked_picklist_ships_in_two_parcels_each_announced(rpc, catalog, published):
    standard, _ = profiles(rpc)
    order = processed(rpc, catalog, (MUG, 5), (CUP, 1))
    [picklist] = picklists_of(rpc, order)
    rpc.pick_picklist_product(ACME, picklist["idpicklist"], MUG, 3, "picker")
    with published("orders", "order_shipped") as event:
        first = rpc.create_shipment(ACME, picklist["idpicklist"], parcel(standard, trackingcode=" 3S AB/1 "), "picker")
    assert_shape(ShipmentOutput, first)
    assert event.get()["shipment"] == first
    assert (first["trackingcode"], first["tracktraceurl"], first["carrier_key"], first["provider"]) == (
        "3S AB/1", "https://jouw.postnl.nl/track-and-trace/3S%20AB%2F1-NL", "postnl", "PostNL")
    assert first["products"] == [{"idproduct": MUG, "productcode": "MUG-1", "name": "Mug", "amount": 3}]
    assert (first["orderid"], first["from_backorder"], first["cancelled"]) == (order["orderid"], False, False)
    second = rpc.create_shipment(ACME, picklist["idpicklist"],
                                 parcel(standard, trackingcode="3SABC124", trackingurl="https://t.example/3SABC124"), "p")
    assert second["tracktraceurl"] == "https://t.example/3SABC124"
    assert [s["idshipment"] for s in rpc.list_picklist_shipments(ACME, picklist["idpicklist"])] == [
        first["idshipment"], second["idshipment"]]
    history = rpc.get_order(ACME, order["idorder"])["history"]
    assert [change["details"]["trackingcode"] for change in history if change["change"] == "shipped"] == [
        "3S AB/1", "3SABC124"]


def test_the_order_names_the_profile_and_a_filled_backorder_ships_as_such(rpc, catalog, container, config):
    _, evening = profiles(rpc)
    catalog.free[(MUG, WAREHOUSE)] = 1
    data = {"deliveryname": "Jan", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
            "deliverycity": "Utrecht", "deliverycountry": "NL", "idshippingprovider_profile": evening,
            "products": [{"idproduct": MUG, "amount": 2}]}
    order = rpc.create_order(ACME, data, "api", "shop")["order"]
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    [first] = picklists_of(rpc, order)
    rpc.pick_all_picklist_products(ACME, first["idpicklist"], "picker")
    assert rpc.create_shipment(ACME, first["idpicklist"], parcel(), "picker")["profile_name"] == "Evening"
    rpc.close_picklist(ACME, first["idpicklist"], "picker")
    stock_arrives(catalog, container, config, MUG, 1)
    second = picklists_of(rpc, order)[0]
    rpc.pick_all_picklist_products(ACME, second["idpicklist"], "picker")
    shipped = rpc.create_shipment(ACME, second["idpicklist"], parcel(trackingcode="3SLATER"), "picker")
    assert shipped["from_backorder"] is True
    rpc.close_picklist(ACME, second["idpicklist"], "picker")
    assert rpc.get_order(ACME, order["idorder"])["status"] == "completed"
    assert [s["trackingcode"] for s in rpc.list_shipments(ACME, 0, {"idorder": order["idorder"]})] == [
        "3SLATER", "3SABC123"]


def test_bad_shipments_are_refused_with_the_reason_and_nothing_changes(rpc, catalog, deliver):
    standard, evening = profiles(rpc)
    order = processed(rpc, catalog, (MUG, 2))
    [picklist] = picklists_of(rpc, order)
    number = picklist["picklistid"]
    nothing = refusal(rpc.create_shipment, ACME, picklist["idpicklist"], parcel(standard), "picker")
    assert (nothing.exc_type, nothing.value) == (
        "InvalidShipment", f"Nothing is picked on picklist {number}: pick what goes in the parcel first.")
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    assert "the order names no shipping profile" in refusal(
        rpc.create_shipment, ACME, picklist["idpicklist"], parcel(), "picker").value
    for bad, says in (({"weight": 0}, "weight"), ({"trackingcode": " "}, "trackingcode"),
                      ({"trackingurl": "javascript:alert(1)"}, "trackingurl"), ({"colour": "red"}, "colour")):
        assert says in refusal(rpc.create_shipment, ACME, picklist["idpicklist"], parcel(standard, **bad), "p").value
    deliver("customer_updated", announced(ACME, 2, allowed_shipping_profiles=[evening]))
    assert "is not one this client may use" in refusal(
        rpc.create_shipment, ACME, picklist["idpicklist"], parcel(standard), "picker").value
    assert rpc.list_picklist_shipments(ACME, picklist["idpicklist"]) == []

    cancelled = processed(rpc, catalog, (CUP, 1))
    rpc.cancel_order(ACME, cancelled["idorder"], "anna")
    [void] = picklists_of(rpc, cancelled)
    assert refusal(rpc.create_shipment, ACME, void["idpicklist"], parcel(evening), "picker").value == (
        f"Picklist {void['picklistid']} is cancelled: there is nothing to ship.")


def test_a_shipment_is_cancelled_within_five_minutes_only_and_the_cancellation_announced(rpc, catalog, db, published):
    standard, _ = profiles(rpc)
    order = processed(rpc, catalog, (MUG, 1), (CUP, 1))
    [picklist] = picklists_of(rpc, order)
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    early = rpc.create_shipment(ACME, picklist["idpicklist"], parcel(standard), "picker")
    assert (datetime.fromisoformat(early["cancellable_until"]) - datetime.fromisoformat(early["created"])
            == timedelta(minutes=5))
    late = rpc.create_shipment(ACME, picklist["idpicklist"], parcel(standard, trackingcode="3SLATE"), "picker")
    with published("orders", "shipment_cancelled") as event:
        cancelled = rpc.cancel_shipment(ACME, picklist["idpicklist"], early["idshipment"], "picker")
    assert cancelled["cancelled"] is True and cancelled["cancelled_at"]
    assert event.get()["shipment"] == cancelled
    assert rpc.cancel_shipment(ACME, picklist["idpicklist"], early["idshipment"], "picker") == cancelled
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE shipments SET created_at = now() - interval '6 minutes' WHERE id = :id"),
                            {"id": late["idshipment"]})
        uow.commit()
    error = refusal(rpc.cancel_shipment, ACME, picklist["idpicklist"], late["idshipment"], "picker")
    assert (error.exc_type, "more than 5 minutes ago" in error.value) == ("InvalidShipment", True)
    assert refusal(rpc.cancel_shipment, ACME, picklist["idpicklist"], 999999, "picker").exc_type == "ShipmentNotFound"


def test_shipments_are_filtered_by_carrier_day_and_code(rpc, catalog):
    standard, _ = profiles(rpc)
    dhl = rpc.create_shipping_provider({"name": "DHL", "carrier_key": "dhl", "profiles": [{"name": "Europlus"}],
                                        "tracktraceurl_pattern": "https://dhl.example/?id={trackingcode}"})
    order = processed(rpc, catalog, (MUG, 1))
    [picklist] = picklists_of(rpc, order)
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    rpc.create_shipment(ACME, picklist["idpicklist"], parcel(standard, trackingcode="3SPOST"), "picker")
    rpc.create_shipment(ACME, picklist["idpicklist"],
                        parcel(dhl["profiles"][0]["idshippingprovider_profile"], trackingcode="JJDHL1"), "picker")
    codes = lambda **filters: [s["trackingcode"] for s in rpc.list_shipments(ACME, 0, filters)]  # noqa: E731
    assert codes() == ["JJDHL1", "3SPOST"] and codes(carrier_key="dhl") == ["JJDHL1"]
    assert codes(search="spo") == ["3SPOST"] and codes(sincedate="2999-01-01") == []
    assert codes(idwarehouses=[WAREHOUSE + 1]) == [] and len(codes(untildate="2999-01-01")) == 2
    assert "carrier_key" in refusal(rpc.list_shipments, ACME, 0, {"carrier_key": "pigeon"}).value
    assert "sincedate" in refusal(rpc.list_shipments, ACME, 0, {"sincedate": "yesterday"}).value
    assert len(rpc.list_shipments_of_all_customers(0, {"idorder": order["idorder"]})) == 2


def test_another_clients_shipments_answer_as_missing_ones(rpc, catalog):
    standard, _ = profiles(rpc)
    order = processed(rpc, catalog, (MUG, 1))
    [picklist] = picklists_of(rpc, order)
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    shipment = rpc.create_shipment(ACME, picklist["idpicklist"], parcel(standard), "picker")
    for call, args in ((rpc.create_shipment, (picklist["idpicklist"], parcel(standard), "x")),
                       (rpc.cancel_shipment, (picklist["idpicklist"], shipment["idshipment"], "x")),
                       (rpc.list_picklist_shipments, (picklist["idpicklist"],))):
        assert refusal(call, GLOBEX, *args).exc_type == "PicklistNotFound"
    assert rpc.list_shipments(GLOBEX) == [] and len(rpc.list_shipments(ACME)) == 1
