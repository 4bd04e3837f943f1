"""Receipts as the warehouse registers them: per line and partly, several per purchase order,
more than announced only when asked for; each booked in catalog once, after its commit, and
asked again by the reconciliation while catalog does not answer."""
import pytest
from nameko.exceptions import RemoteError
from nameko.testing.services import entrypoint_hook
from purchasing_fakes import ACME, GLOBEX
from sqlalchemy import select, text

from purchasing import contract
from purchasing.schemas import ReceiptOutput
from servicekit.messaging_tables import outbox
from servicekit.testing import assert_shape


def refusal(call, *args) -> RemoteError:
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


@pytest.fixture
def purchased(rpc, acme_warehouse) -> dict:
    """Acme's purchase order of 10 mugs and 4 cups, placed."""
    concept = rpc.create_purchase_order(ACME, {"supplier_name": "Hanse Textiel", "products": [
        {"idproduct": 11, "amount": 10}, {"idproduct": 12, "amount": 4}]}, "anna")["purchase_order"]
    return rpc.mark_purchase_order_purchased(ACME, concept["idpurchaseorder"], "anna")


def receive(rpc, purchase_order: dict, *lines: tuple[str, int], **options) -> dict:
    return rpc.receive_purchase_order(ACME, purchase_order["idpurchaseorder"], {
        "products": [{"productcode": code, "amount": amount} for code, amount in lines], **options}, "warehouse")


def goods_received(db) -> list[dict]:
    with db.unit_of_work() as uow:
        return uow.session.scalars(select(outbox.c.payload).where(outbox.c.event_type == "goods_received")
                                   .order_by(outbox.c.created_at)).all()


def reconcile(db, container) -> None:
    """As the timer does, for bookings asked an hour ago."""
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE stock_bookings SET asked_at = now() - interval '1 hour'"))
        uow.commit()
    with entrypoint_hook(container, "reconcile_stock_bookings") as one_round:
        one_round()


def test_a_partial_receipt_raises_stock_once_and_locks_the_purchase_order(rpc, db, catalog, purchased, acme_warehouse):
    result = receive(rpc, purchased, ("MUG-1", 4))
    receipt = result["receipt"]
    assert_shape(ReceiptOutput, receipt)
    assert (result["created"], receipt["status"], receipt["idwarehouse"], receipt["amount_received"]) == (
        True, "completed", acme_warehouse, 4)
    assert catalog.booked == {("receipt", str(receipt["idreceipt"]), 11): 4}
    order = rpc.get_purchase_order(ACME, purchased["idpurchaseorder"])
    assert [(l["amount"], l["amountreceived"], l["amount_expected"]) for l in order["products"]] == [(10, 4, 6), (4, 0, 4)]
    assert (order["status"], order["changeable_by_client"]) == ("purchased", False)
    assert [r["idreceipt"] for r in order["receipts"]] == [receipt["idreceipt"]]
    assert goods_received(db)[0]["products"] == [{"idproduct": 11, "productcode": "MUG-1", "name": "Mug", "amount": 4}]
    assert_shape(contract.EVENTS["goods_received"], goods_received(db)[0])
    second = receive(rpc, purchased, ("MUG-1", 6), ("CUP-1", 4))["receipt"]
    assert rpc.get_purchase_order(ACME, purchased["idpurchaseorder"])["status"] == "received"
    assert [r["idreceipt"] for r in rpc.list_receipts(ACME, 0, {"idpurchaseorder": purchased["idpurchaseorder"]})] == [
        second["idreceipt"], receipt["idreceipt"]]
    assert len(rpc.list_receipts(ACME, 0, {"idwarehouses": [acme_warehouse]})) == 2
    assert rpc.list_receipts(ACME, 0, {"idwarehouses": [acme_warehouse + 1]}) == []


def test_more_than_expected_needs_the_flag_and_is_recorded_as_such(rpc, catalog, purchased):
    error = refusal(receive, rpc, purchased, ("CUP-1", 5))
    assert error.exc_type == "InvalidReceipt" and error.value == (
        "products.0.amount: 5 × CUP-1 is more than the 4 still expected; send allow_over_receipt: true to receive "
        "the excess")
    assert catalog.booked == {} and rpc.list_receipts(ACME) == []
    receipt = receive(rpc, purchased, ("CUP-1", 5), allow_over_receipt=True)["receipt"]
    assert [(l["amount"], l["amount_excessive"]) for l in receipt["products"]] == [(5, 1)]
    assert receipt["amount_received_excessive"] == 1


@pytest.mark.parametrize("lines,message", [
    ([{"productcode": "CAP-1", "amount": 1}], "products.0: productcode 'CAP-1' is not on this purchase order"),
    ([{"idproduct": 11, "amount": 1}, {"productcode": "MUG-1", "amount": 2}],
     "products.1: MUG-1 is on the receipt twice; add the amounts up"),
    ([{"idproduct": 11, "amount": 0}], "products.0.amount: Must be a whole number from 1 to 100000."),
    ([], "products: A receipt needs between 1 and 10000 lines."),
])
def test_bad_receipts_are_refused_naming_the_line_and_change_nothing(rpc, catalog, purchased, lines, message):
    error = refusal(rpc.receive_purchase_order, ACME, purchased["idpurchaseorder"], {"products": lines}, "warehouse")
    assert (error.exc_type, error.value) == ("InvalidReceipt", message)
    assert rpc.get_purchase_order(ACME, purchased["idpurchaseorder"]) == purchased and catalog.booked == {}


def test_nothing_is_received_on_a_concept_or_a_cancelled_purchase_order(rpc, purchased):
    concept = rpc.create_purchase_order(ACME, {"supplier_name": "X", "products": [{"idproduct": 11, "amount": 1}]},
                                        "anna")["purchase_order"]
    assert refusal(receive, rpc, concept, ("MUG-1", 1)).value == (
        "The purchase order is a concept: the client has not placed it yet.")
    rpc.cancel_purchase_order(ACME, purchased["idpurchaseorder"], "anna")
    error = refusal(receive, rpc, purchased, ("MUG-1", 1))
    assert (error.exc_type, error.value) == (
        "PurchaseOrderLocked", "The purchase order has been cancelled; nothing can be received on it.")


def test_a_receipt_retried_with_its_key_is_made_once(rpc, catalog, purchased):
    data = {"products": [{"productcode": "MUG-1", "amount": 2}]}
    first = rpc.receive_purchase_order(ACME, purchased["idpurchaseorder"], data, "warehouse", "pallet-1")
    again = rpc.receive_purchase_order(ACME, purchased["idpurchaseorder"], data, "warehouse", "pallet-1")
    assert (first["created"], again["created"], again["receipt"]) == (True, False, first["receipt"])
    assert rpc.get_purchase_order(ACME, purchased["idpurchaseorder"])["products"][0]["amountreceived"] == 2
    assert catalog.calls.count("receive_stock_lines") == 1


def test_while_catalog_does_not_answer_the_receipt_waits_and_is_booked_once_later(rpc, db, container, catalog, purchased):
    catalog.unreachable = 1
    receipt = receive(rpc, purchased, ("MUG-1", 3))["receipt"]
    assert receipt["status"] == "processing" and catalog.booked == {} and goods_received(db) == []
    reconcile(db, container)
    reconcile(db, container)  # nothing left to ask
    assert rpc.get_receipt(ACME, receipt["idreceipt"])["status"] == "completed"
    assert catalog.booked == {("receipt", str(receipt["idreceipt"]), 11): 3}
    assert catalog.calls.count("receive_stock_lines") == 2 and len(goods_received(db)) == 1


def test_a_booking_catalog_refuses_is_recorded_and_not_asked_again(rpc, db, container, catalog, purchased):
    catalog.refusal = ("WarehouseNotFound", "warehouse 7 not found")
    receipt = receive(rpc, purchased, ("MUG-1", 3))["receipt"]
    reconcile(db, container)
    assert rpc.get_receipt(ACME, receipt["idreceipt"])["status"] == "processing"
    assert catalog.calls.count("receive_stock_lines") == 1


def test_another_client_receives_on_and_reads_none_of_acmes(rpc, purchased):
    receipt = receive(rpc, purchased, ("MUG-1", 1))["receipt"]
    error = refusal(rpc.receive_purchase_order, GLOBEX, purchased["idpurchaseorder"],
                    {"products": [{"idproduct": 21, "amount": 1}]}, "warehouse")
    assert error.exc_type == "PurchaseOrderNotFound"
    assert refusal(rpc.get_receipt, GLOBEX, receipt["idreceipt"]).exc_type == "ReceiptNotFound"
    assert rpc.list_receipts(GLOBEX) == [] and rpc.get_receipt_of_any_customer(receipt["idreceipt"]) == receipt
