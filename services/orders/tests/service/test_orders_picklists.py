"""Picklists: made for what an order holds, picked, closed. Closing commits first, then asks
catalog to ship the picked units (one call per picklist), then records the answer; what was not
picked waits again as a backorder, with the reason. A catalog that does not answer leaves the
close asked, and the reconciliation asks again."""
from nameko.exceptions import RemoteError
from orders_fakes import ACME, GLOBEX
from orders_flow import CUP, MUG, WAREHOUSE, place, stock_arrives
from orders_reconciliation import reconcile
from sqlalchemy import text

from orders.schemas import PicklistOutput
from servicekit.testing import assert_shape


def processed(rpc, catalog, *lines) -> dict:
    """An order of these (product, amount) lines processed with the stock it needs."""
    for product, amount in lines:
        catalog.free[(product, WAREHOUSE)] = catalog.free.get((product, WAREHOUSE), 0) + amount
    order = place(rpc, *lines)
    return rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")


def picklists_of(rpc, order: dict) -> list[dict]:
    return rpc.list_picklists(ACME, 0, {"idorder": order["idorder"]})


def refusal(call, *args) -> RemoteError:
    try:
        call(*args)
    except RemoteError as error:
        return error
    raise AssertionError(f"{call} was not refused")


def lines_of(order) -> list[tuple[int, int, int, int]]:
    return [(line["idproduct"], line["shipped"], line["allocated"], line["backordered"]) for line in order["products"]]


def test_processing_makes_one_picklist_for_what_is_reserved(rpc, catalog):
    catalog.free[(MUG, WAREHOUSE)] = 2
    order = place(rpc, (MUG, 5), (CUP, 1))
    order = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    [picklist] = picklists_of(rpc, order)
    assert_shape(PicklistOutput, picklist)
    assert (picklist["status"], picklist["idwarehouse"], picklist["deliveryname"]) == ("new", WAREHOUSE, "Jan Jansen")
    assert [(line["idproduct"], line["amount"], line["amount_picked"]) for line in picklist["products"]] == [(MUG, 2, 0)]
    assert picklist["picklistid"].startswith("P") and order["picklists"][0]["idpicklist"] == picklist["idpicklist"]
    assert rpc.get_picklist(ACME, picklist["idpicklist"]) == picklist


def test_an_order_with_nothing_in_stock_has_no_picklist_until_stock_comes(rpc, catalog, container, config):
    order = place(rpc, (CUP, 2))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert picklists_of(rpc, order) == []
    stock_arrives(catalog, container, config, CUP, 2)
    [picklist] = picklists_of(rpc, order)
    assert [(line["idproduct"], line["amount"]) for line in picklist["products"]] == [(CUP, 2)]


def test_picking_counts_up_and_refuses_more_than_is_on_the_picklist(rpc, catalog):
    order = processed(rpc, catalog, (MUG, 5), (CUP, 1))
    picklist = picklists_of(rpc, order)[0]
    picked = rpc.pick_picklist_product(ACME, picklist["idpicklist"], MUG, 3, "picker")
    picked = rpc.pick_picklist_product(ACME, picklist["idpicklist"], "CUP-1", None, "picker")
    assert [(line["productcode"], line["amount_picked"]) for line in picked["products"]] == [("MUG-1", 3), ("CUP-1", 1)]
    assert (picked["totalproducts"], picked["totalpicked"]) == (6, 4)
    error = refusal(rpc.pick_picklist_product, ACME, picklist["idpicklist"], MUG, 3, "picker")
    assert (error.exc_type, error.value) == (
        "InvalidPicklist", "amount: MUG-1 is on the picklist 5 times and 3 are picked; 3 more is too many")
    assert refusal(rpc.pick_picklist_product, ACME, picklist["idpicklist"], 999, 1, "picker").value == (
        f"product: 999 is not on picklist {picklist['picklistid']}")
    assert rpc.get_picklist(ACME, picklist["idpicklist"])["totalpicked"] == 4


def test_the_first_pick_ends_the_clients_changes(rpc, catalog):
    order = processed(rpc, catalog, (MUG, 2))
    assert rpc.get_order(ACME, order["idorder"])["changeable_by_client"] is True
    rpc.pick_picklist_product(ACME, picklists_of(rpc, order)[0]["idpicklist"], MUG, 1, "picker")
    picking = rpc.get_order(ACME, order["idorder"])
    assert (picking["status"], picking["picking_started"], picking["changeable_by_client"]) == (
        "processing", True, False)
    assert refusal(rpc.cancel_order, ACME, order["idorder"], "anna", True).exc_type == "OrderLocked"


def test_cancelling_before_picking_cancels_the_picklist(rpc, catalog):
    order = processed(rpc, catalog, (MUG, 2))
    rpc.cancel_order(ACME, order["idorder"], "anna")
    [picklist] = picklists_of(rpc, order)
    assert picklist["status"] == "cancelled"
    error = refusal(rpc.pick_all_picklist_products, ACME, picklist["idpicklist"], "picker")
    assert (error.exc_type, error.value) == (
        "InvalidPicklist", f"Picklist {picklist['picklistid']} is cancelled: nothing on it can be picked.")
    assert refusal(rpc.close_picklist, ACME, picklist["idpicklist"], "picker").exc_type == "InvalidPicklist"


def test_closing_ships_what_was_picked_in_one_call_and_completes_the_order(rpc, catalog):
    order = processed(rpc, catalog, (MUG, 5), (CUP, 1))
    picklist = picklists_of(rpc, order)[0]
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    calls = len(catalog.calls)
    closed = rpc.close_picklist(ACME, picklist["idpicklist"], "picker")
    assert catalog.calls[calls:] == ["consume_order_lines"]
    assert (closed["status"], closed["stock_consumption"], closed["closed_by"], closed["reason"]) == (
        "closed", "recorded", "picker", None)
    completed = rpc.get_order(ACME, order["idorder"])
    assert completed["status"] == "completed" and lines_of(completed) == [(MUG, 5, 0, 0), (CUP, 1, 0, 0)]
    assert [change["change"] for change in completed["history"]][-2:] == ["picklist closed", "completed"]
    assert rpc.close_picklist(ACME, picklist["idpicklist"], "picker") == closed  # closing again changes nothing
    assert catalog.calls.count("consume_order_lines") == 1


def test_what_was_not_picked_waits_as_a_backorder_with_the_reason(rpc, catalog, container, config):
    order = processed(rpc, catalog, (MUG, 5), (CUP, 1))
    first = picklists_of(rpc, order)[0]
    rpc.pick_picklist_product(ACME, first["idpicklist"], MUG, 3, "picker")
    closed = rpc.close_picklist(ACME, first["idpicklist"], "picker", "  not on its location ")
    assert closed["reason"] == "not on its location"
    after = rpc.get_order(ACME, order["idorder"])
    assert after["status"] == "processing" and lines_of(after) == [(MUG, 3, 0, 2), (CUP, 0, 0, 1)]
    assert [(b["idproduct"], b["amount"], b["reason"]) for b in rpc.list_backorders(ACME)] == [
        (MUG, 2, f"not picked on picklist {first['picklistid']}: not on its location"),
        (CUP, 1, f"not picked on picklist {first['picklistid']}: not on its location")]
    closing = next(change for change in after["history"] if change["change"] == "picklist closed")
    assert closing["details"] == {"picklistid": first["picklistid"], "shipped": {"MUG-1": 3},
                                  "not picked": {"MUG-1": 2, "CUP-1": 1}, "reason": "not on its location"}

    stock_arrives(catalog, container, config, MUG, 2)  # the backorder is filled: a picklist of its own
    second = picklists_of(rpc, order)[0]
    assert second["idpicklist"] != first["idpicklist"]
    assert [(line["idproduct"], line["amount"]) for line in second["products"]] == [(MUG, 2)]
    stock_arrives(catalog, container, config, CUP, 1)
    third = rpc.list_picklists(ACME, 0, {"idorder": order["idorder"], "status": "new"})
    assert [(line["idproduct"], line["amount"]) for p in third for line in p["products"]] == [(CUP, 1), (MUG, 2)]
    for picklist in third:
        rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
        rpc.close_picklist(ACME, picklist["idpicklist"], "picker")
    done = rpc.get_order(ACME, order["idorder"])
    assert done["status"] == "completed" and lines_of(done) == [(MUG, 5, 0, 0), (CUP, 1, 0, 0)]


def test_units_not_picked_beside_free_stock_are_held_again_on_a_picklist_of_their_own(rpc, catalog):
    order = processed(rpc, catalog, (MUG, 5))
    catalog.free[(MUG, WAREHOUSE)] = 4  # more on the shelf than the order took
    first = picklists_of(rpc, order)[0]
    rpc.pick_picklist_product(ACME, first["idpicklist"], MUG, 3, "picker")
    rpc.close_picklist(ACME, first["idpicklist"], "picker", "damaged")
    after = rpc.get_order(ACME, order["idorder"])
    assert after["status"] == "processing" and lines_of(after) == [(MUG, 3, 2, 0)]
    assert rpc.list_backorders(ACME) == []
    [second] = rpc.list_picklists(ACME, 0, {"idorder": order["idorder"], "status": "new"})
    assert [(line["idproduct"], line["amount"]) for line in second["products"]] == [(MUG, 2)]


def test_closing_with_nothing_picked_is_refused_and_changes_nothing(rpc, catalog):
    order = processed(rpc, catalog, (MUG, 2))
    picklist = picklists_of(rpc, order)[0]
    error = refusal(rpc.close_picklist, ACME, picklist["idpicklist"], "picker")
    assert (error.exc_type, error.value) == (
        "InvalidPicklist", f"Nothing is picked on picklist {picklist['picklistid']}: pick what is there before "
                           "closing it.")
    assert rpc.get_picklist(ACME, picklist["idpicklist"]) == picklist
    assert "consume_order_lines" not in catalog.calls


def test_a_close_catalog_did_not_answer_is_asked_again_by_the_reconciliation(rpc, catalog, container, db):
    order = processed(rpc, catalog, (MUG, 2))
    picklist = picklists_of(rpc, order)[0]
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    catalog.unreachable = 1
    closed = rpc.close_picklist(ACME, picklist["idpicklist"], "picker")
    assert (closed["status"], closed["stock_consumption"]) == ("closed", "asked")
    assert rpc.get_order(ACME, order["idorder"])["status"] == "processing"
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE picklists SET stock_consumption_asked_at = now() - interval '1 hour' "
                                 "WHERE id = :id"), {"id": picklist["idpicklist"]})
        uow.commit()
    reconcile(container)
    assert rpc.get_picklist(ACME, picklist["idpicklist"])["stock_consumption"] == "recorded"
    assert rpc.get_order(ACME, order["idorder"])["status"] == "completed"
    assert catalog.calls.count("consume_order_lines") == 2  # asked twice, shipped once
    assert catalog.reservations[order["products"][0]["idorder_product"]]["consumed"] == 2


def test_stock_a_line_gets_while_its_close_is_unanswered_goes_on_a_picklist_once_the_close_is_recorded(
        rpc, catalog, container, config):
    catalog.free[(MUG, WAREHOUSE)] = 2
    order = place(rpc, (MUG, 5))
    order = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    picklist = picklists_of(rpc, order)[0]
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    catalog.unreachable = 1
    rpc.close_picklist(ACME, picklist["idpicklist"], "picker")
    stock_arrives(catalog, container, config, MUG, 3)  # recorded, but the close is not: no picklist yet
    assert [p["status"] for p in picklists_of(rpc, order)] == ["closed"]
    rpc.close_picklist(ACME, picklist["idpicklist"], "picker")  # asked again, answered
    newest = picklists_of(rpc, order)[0]
    assert [(line["idproduct"], line["amount"]) for line in newest["products"]] == [(MUG, 3)]


def test_picklists_are_listed_with_picqers_filters(rpc, catalog):
    first = processed(rpc, catalog, (MUG, 1))
    second = processed(rpc, catalog, (CUP, 1))
    assert [p["idorder"] for p in rpc.list_picklists(ACME)] == [second["idorder"], first["idorder"]]
    assert rpc.list_picklists(ACME, 0, {"idwarehouse": WAREHOUSE + 1}) == []
    assert [p["idorder"] for p in rpc.list_picklists(ACME, 0, {"status": "new", "sincedate": "2020-01-01"})] == [
        second["idorder"], first["idorder"]]
    assert rpc.list_picklists(ACME, 0, {"idwarehouses": []}) == []
    for bad in ({"status": "open"}, {"idorder": "x"}, {"sincedate": "yesterday"}):
        assert refusal(rpc.list_picklists, ACME, 0, bad).exc_type == "InvalidOrder"
    assert len(rpc.list_picklists_of_all_customers(0, {"idorder": first["idorder"]})) == 1


def test_another_clients_picklist_answers_as_a_missing_one(rpc, catalog):
    order = processed(rpc, catalog, (MUG, 1))
    picklist = picklists_of(rpc, order)[0]
    for call, args in ((rpc.get_picklist, ()), (rpc.pick_picklist_product, (MUG, 1, "x")),
                       (rpc.pick_all_picklist_products, ("x",)), (rpc.close_picklist, ("x",))):
        error = refusal(call, GLOBEX, picklist["idpicklist"], *args)
        assert (error.exc_type, error.value) == ("PicklistNotFound", f"picklist {picklist['idpicklist']} not found")
    assert rpc.list_picklists(GLOBEX) == [] and rpc.get_picklist(ACME, picklist["idpicklist"]) == picklist
    assert rpc.get_picklist_of_any_customer(picklist["idpicklist"]) == picklist


def test_closing_announces_the_picklist_closed_and_then_the_order_completed(rpc, catalog, published):
    order = processed(rpc, catalog, (MUG, 2))
    picklist = picklists_of(rpc, order)[0]
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    with published("orders", "picklist_closed") as closed, published("orders", "order_completed") as completed:
        rpc.close_picklist(ACME, picklist["idpicklist"], "picker")
    assert (closed.get()["picklist"]["idpicklist"], closed.get()["picklist"]["status"]) == (
        picklist["idpicklist"], "closed")
    assert_shape(PicklistOutput, closed.get()["picklist"])
    assert (completed.get()["order"]["idorder"], completed.get()["order"]["status"]) == (order["idorder"], "completed")
