"""Returns: registered for what a client's order shipped (never more, never another client's),
moved announced → received → completed or rejected with a history of who and when; completing
places the replacement products as a new order."""
from orders_fakes import ACME, GLOBEX
from orders_flow import CUP, MUG, WAREHOUSE
from orders_reconciliation import reconcile
from sqlalchemy import text
from test_orders_customer_rules import remote_error as refusal
from test_orders_picklists import picklists_of, processed

from orders.schemas import ReturnOutput
from servicekit.testing import assert_shape


def shipped(rpc, catalog, *lines) -> dict:
    """An order of these lines, picked whole and closed: everything shipped."""
    order = processed(rpc, catalog, *lines)
    [picklist] = picklists_of(rpc, order)
    rpc.pick_all_picklist_products(ACME, picklist["idpicklist"], "picker")
    rpc.close_picklist(ACME, picklist["idpicklist"], "picker")
    return rpc.get_order(ACME, order["idorder"])


def returning(order: dict, *lines, replacements=()) -> dict:
    return {"idorder": order["idorder"], "reference": "RMA-1",
            "returned_products": [{"productcode": code, "amount": amount, "reason": "too small"} for code, amount in lines],
            "replacement_products": [{"productcode": code, "amount": amount} for code, amount in replacements]}


def test_a_return_goes_from_announced_to_completed_and_its_replacement_is_ordered(rpc, catalog, published):
    order = shipped(rpc, catalog, (MUG, 3), (CUP, 1))
    with published("orders", "return_status_changed") as event:
        announced = rpc.register_return(ACME, returning(order, ("MUG-1", 2), replacements=[("CUP-1", 2)]), "anna")
    assert_shape(ReturnOutput, announced)
    assert event.get()["return"] == announced
    assert (announced["status"], announced["orderid"], announced["returnid"][0]) == ("announced", order["orderid"], "R")
    assert [(p["productcode"], p["amount"], p["reason"]) for p in announced["returned_products"]] == [
        ("MUG-1", 2, "too small")]
    received = rpc.change_return_status(ACME, announced["idreturn"], "received", "warehouse", "box dented")
    assert received["received_at"] and received["history"][-1]["note"] == "box dented"
    catalog.free[(CUP, WAREHOUSE)] = 5
    completed = rpc.change_return_status(ACME, announced["idreturn"], "completed", "warehouse")
    assert [(h["status"], h["changed_by"]) for h in completed["history"]] == [
        ("announced", "anna"), ("received", "warehouse"), ("completed", "warehouse")]
    replacement = rpc.get_order(ACME, completed["idorder_replacement"])
    assert [(line["productcode"], line["amount"]) for line in replacement["products"]] == [("CUP-1", 2)]
    assert (replacement["reference"], replacement["deliveryname"]) == (f"{completed['returnid']} replacement", "Jan Jansen")
    again = rpc.change_return_status(ACME, announced["idreturn"], "completed", "warehouse")
    assert again["idorder_replacement"] == replacement["idorder"] and len(rpc.list_orders(ACME)) == 2


def test_a_registration_retried_with_its_key_is_the_return_made_before(rpc, catalog):
    order = shipped(rpc, catalog, (MUG, 3))
    first = rpc.register_return(ACME, returning(order, ("MUG-1", 1)), "anna", "retry-1")
    assert rpc.register_return(ACME, returning(order, ("MUG-1", 1)), "anna", " retry-1 ") == first
    second = rpc.register_return(ACME, returning(order, ("MUG-1", 1)), "anna", "retry-2")
    assert second["idreturn"] != first["idreturn"]
    assert [r["idreturn"] for r in rpc.list_returns(ACME, 0, {"idorder": order["idorder"]})] == [
        second["idreturn"], first["idreturn"]]
    # Another client's key of the same text finds nothing of Acme's: its own order is looked up first.
    assert refusal(rpc.register_return, GLOBEX, returning(order, ("MUG-1", 1)), "x", "retry-1").exc_type == "InvalidReturn"


def test_nothing_comes_back_that_was_not_shipped(rpc, catalog):
    order = shipped(rpc, catalog, (MUG, 3))
    rpc.register_return(ACME, returning(order, ("MUG-1", 2)), "anna")
    error = refusal(rpc.register_return, ACME, returning(order, ("MUG-1", 2)), "anna")
    assert (error.exc_type, error.value) == (
        "InvalidReturn", "returned_products.0: MUG-1 shipped 3 and 2 are returned already; 2 more is too many")
    assert "CUP-1 is not on order" in refusal(rpc.register_return, ACME, returning(order, ("CUP-1", 1)), "anna").value
    unshipped = processed(rpc, catalog, (CUP, 1))
    assert "shipped 0" in refusal(rpc.register_return, ACME, returning(unshipped, ("CUP-1", 1)), "anna").value
    assert "replacement_products.0: unknown product" in refusal(
        rpc.register_return, ACME, returning(order, ("MUG-1", 1), replacements=[("NOPE", 1)]), "anna").value
    assert "reason" in refusal(rpc.register_return, ACME, {**returning(order, ("MUG-1", 1)), "returned_products": [
        {"productcode": "MUG-1", "amount": 1}]}, "anna").value
    assert len(rpc.list_returns(ACME)) == 1


def test_a_rejected_return_frees_its_units_and_steps_go_only_forward(rpc, catalog):
    order = shipped(rpc, catalog, (MUG, 1))
    first = rpc.register_return(ACME, returning(order, ("MUG-1", 1)), "anna")
    error = refusal(rpc.change_return_status, ACME, first["idreturn"], "completed", "warehouse")
    assert error.value == f"Return {first['returnid']} is announced: it can become received or rejected, not completed."
    assert refusal(rpc.change_return_status, ACME, first["idreturn"], "lost", "warehouse").exc_type == "InvalidReturn"
    rpc.change_return_status(ACME, first["idreturn"], "rejected", "warehouse", "not ours")
    assert "it is final" in refusal(rpc.change_return_status, ACME, first["idreturn"], "received", "warehouse").value
    second = rpc.register_return(ACME, returning(order, ("MUG-1", 1)), "anna")  # the rejected one holds nothing
    assert [r["status"] for r in rpc.list_returns(ACME, 0, {"idorder": order["idorder"]})] == ["announced", "rejected"]
    assert [r["idreturn"] for r in rpc.list_returns(ACME, 0, {"status": "announced"})] == [second["idreturn"]]


def test_another_clients_returns_answer_as_missing_ones(rpc, catalog):
    order = shipped(rpc, catalog, (MUG, 1))
    mine = rpc.register_return(ACME, returning(order, ("MUG-1", 1)), "anna")
    assert refusal(rpc.register_return, GLOBEX, returning(order, ("MUG-1", 1)), "x").value == (
        f"idorder: there is no order {order['idorder']}")
    for call, args in ((rpc.get_return, (mine["idreturn"],)),
                       (rpc.change_return_status, (mine["idreturn"], "received", "x"))):
        assert refusal(call, GLOBEX, *args).exc_type == "ReturnNotFound"
    assert rpc.list_returns(GLOBEX) == [] and rpc.get_return_of_any_customer(mine["idreturn"]) == mine
    assert len(rpc.list_returns_of_all_customers()) == 1


def test_what_is_received_goes_back_on_the_shelf_once_the_damaged_part_not(rpc, catalog, container, db):
    order = shipped(rpc, catalog, (MUG, 3))
    announced = rpc.register_return(ACME, returning(order, ("MUG-1", 3)), "anna")
    line = announced["returned_products"][0]["idreturn_product"]
    bad = refusal(rpc.change_return_status, ACME, announced["idreturn"], "received", "warehouse", None,
                  [{"idreturn_product": line, "amount": 4}])
    assert bad.value == "damaged_products.0: amount from 0 to 3"
    catalog.unreachable = 1
    free = catalog.free.get((MUG, WAREHOUSE), 0)
    received = rpc.change_return_status(ACME, announced["idreturn"], "received", "warehouse", None,
                                        [{"idreturn_product": line, "amount": 1}])
    assert (received["restock"], received["returned_products"][0]["amount_damaged"]) == ("asked", 1)
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE returns SET restock_asked_at = now() - interval '1 hour' WHERE id = :id"),
                            {"id": announced["idreturn"]})
        uow.commit()
    reconcile(container)
    assert rpc.get_return(ACME, announced["idreturn"])["restock"] == "recorded"
    assert catalog.free[(MUG, WAREHOUSE)] == free + 2  # 3 back, 1 of them damaged
    assert catalog.calls.count("receive_stock_lines") == 2  # asked twice (unanswered, then again), booked once
