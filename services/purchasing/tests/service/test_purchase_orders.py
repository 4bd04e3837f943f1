"""Purchase orders as a client makes and changes them: its own products and suppliers, whole
amounts, every change refused with the reason once the warehouse received goods."""
import pytest
from nameko.exceptions import RemoteError
from purchasing_fakes import ACME, GLOBEX
from sqlalchemy import update

from purchasing.models import PurchaseOrderLine
from purchasing.schemas import PurchaseOrderOutput, SupplierOutput
from servicekit.testing import assert_shape


def refusal(call, *args) -> RemoteError:
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


@pytest.fixture
def supplier(rpc) -> dict:
    return rpc.create_supplier(ACME, {"name": " Hanse Textiel ", "emailaddress": "orders@hanse.example"})


@pytest.fixture
def concept(rpc, supplier) -> dict:
    return rpc.create_purchase_order(ACME, {
        "idsupplier": supplier["idsupplier"], "supplier_orderid": "HT-881", "delivery_date": "2026-12-24",
        "remarks": "Two pallets", "products": [{"idproduct": 11, "amount": 5}, {"productcode": "CUP-1", "amount": 3}],
    }, "anna")["purchase_order"]


def lines(purchase_order: dict) -> list[tuple]:
    return [(line["productcode"], line["amount"], line["amountreceived"], line["amount_expected"])
            for line in purchase_order["products"]]


def received_some(db, purchase_order: dict) -> None:
    """As a receipt leaves a line (receipts are the warehouse's, through the API)."""
    with db.unit_of_work() as uow:
        uow.session.execute(update(PurchaseOrderLine).where(
            PurchaseOrderLine.id == purchase_order["products"][0]["idpurchaseorder_product"]).values(amount_received=2))
        uow.commit()


def test_a_purchase_order_names_a_supplier_of_the_clients_own_list_and_its_products(rpc, supplier, concept):
    assert_shape(SupplierOutput, supplier)
    assert_shape(PurchaseOrderOutput, concept)
    assert supplier["name"] == "Hanse Textiel"
    assert (concept["status"], concept["supplier_name"], concept["idsupplier"]) == (
        "concept", "Hanse Textiel", supplier["idsupplier"])
    assert (concept["delivery_date"], concept["idwarehouse"], concept["changeable_by_client"]) == (
        "2026-12-24", None, True)
    assert concept["purchaseorderid"] == f"PO{concept['created'][:4]}{concept['idpurchaseorder']:06d}"
    assert lines(concept) == [("MUG-1", 5, 0, 5), ("CUP-1", 3, 0, 3)]
    assert [change["change"] for change in concept["history"]] == ["created"]
    assert rpc.list_suppliers(ACME) == [supplier] and rpc.list_suppliers(GLOBEX) == []


def test_a_supplier_without_a_list_entry_is_named_and_one_of_them_is_needed(rpc):
    typed = rpc.create_purchase_order(ACME, {"supplier_name": "Market stall", "products": []}, "anna")
    assert typed["purchase_order"]["supplier_name"] == "Market stall"
    error = refusal(rpc.create_purchase_order, ACME, {"products": []}, "anna")
    assert error.exc_type == "InvalidPurchaseOrder" and error.value.startswith("idsupplier: ")


@pytest.mark.parametrize("amount", [0, -2, 1.5, "3", None, 100_001])
def test_amounts_must_be_whole_numbers_from_one(rpc, amount):
    error = refusal(rpc.create_purchase_order, ACME,
                    {"supplier_name": "X", "products": [{"idproduct": 11, "amount": amount}]}, "anna")
    assert error.exc_type == "InvalidPurchaseOrder" and error.value.startswith("products.0.amount: ")


def test_a_product_named_by_id_and_by_code_is_refused_as_named_twice(rpc):
    error = refusal(rpc.create_purchase_order, ACME, {"supplier_name": "X", "products": [
        {"idproduct": 11, "amount": 1}, {"productcode": "MUG-1", "amount": 2}]}, "anna")
    assert (error.exc_type, error.value) == ("InvalidPurchaseOrder",
                                             "products.1: MUG-1 is on the order twice; add the amounts up")
    assert rpc.list_purchase_orders(ACME) == []


def test_another_clients_product_is_refused_like_a_missing_one_and_nothing_is_written(rpc):
    for line in ({"idproduct": 21, "amount": 1}, {"productcode": "GLOBEX-1", "amount": 1}):
        error = refusal(rpc.create_purchase_order, ACME, {"supplier_name": "X", "products": [line]}, "anna")
        assert error.exc_type == "InvalidPurchaseOrder" and error.value.startswith("products.0: unknown product")
    assert rpc.list_purchase_orders(ACME) == []


def test_another_clients_supplier_is_refused_like_a_missing_one(rpc):
    theirs = rpc.create_supplier(GLOBEX, {"name": "Globex supplies"})
    error = refusal(rpc.create_purchase_order, ACME, {"idsupplier": theirs["idsupplier"]}, "anna")
    assert (error.exc_type, error.value) == ("SupplierNotFound", f"supplier {theirs['idsupplier']} not found")


def test_a_create_retried_with_its_idempotency_key_makes_one_purchase_order(rpc, supplier):
    data = {"idsupplier": supplier["idsupplier"], "products": [{"idproduct": 11, "amount": 1}]}
    first = rpc.create_purchase_order(ACME, data, "api", "key-1")
    again = rpc.create_purchase_order(ACME, data, "api", "key-1")
    assert (first["created"], again["created"]) == (True, False)
    assert again["purchase_order"]["idpurchaseorder"] == first["purchase_order"]["idpurchaseorder"]
    assert len(rpc.list_purchase_orders(ACME)) == 1


def test_the_client_changes_lines_and_details_until_the_first_receipt(rpc, db, concept, acme_warehouse):
    number = concept["idpurchaseorder"]
    added = rpc.add_purchase_order_line(ACME, number, {"productcode": "CAP-1", "amount": 2}, "anna")
    added = rpc.add_purchase_order_line(ACME, number, {"idproduct": 13, "amount": 1}, "anna")  # on top
    mug, cup, cap = (line["idpurchaseorder_product"] for line in added["products"])
    rpc.change_purchase_order_line(ACME, number, mug, 8, "anna")
    changed = rpc.remove_purchase_order_line(ACME, number, cup, "anna")
    assert lines(changed) == [("MUG-1", 8, 0, 8), ("CAP-1", 3, 0, 3)]
    purchased = rpc.mark_purchase_order_purchased(ACME, number, "anna")
    assert (purchased["status"], purchased["idwarehouse"], purchased["changeable_by_client"]) == (
        "purchased", acme_warehouse, True)
    assert rpc.update_purchase_order(ACME, number, {"delivery_date": "2027-01-05"}, "anna")["delivery_date"] == "2027-01-05"
    received_some(db, purchased)
    locked = rpc.get_purchase_order(ACME, number)
    assert locked["changeable_by_client"] is False and lines(locked)[0] == ("MUG-1", 8, 2, 6)
    reason = "The warehouse has received goods of this purchase order; it can no longer be changed or cancelled."
    for call, args in ((rpc.add_purchase_order_line, ({"idproduct": 12, "amount": 1},)),
                       (rpc.change_purchase_order_line, (cap, 1)), (rpc.remove_purchase_order_line, (cap,)),
                       (rpc.update_purchase_order, ({"remarks": "late"},)), (rpc.cancel_purchase_order, ()),
                       (rpc.import_purchase_order_lines, ([{"row": 2, "productcode": "CUP-1", "amount": 1}],))):
        error = refusal(call, ACME, number, *args, "anna")
        assert (error.exc_type, error.value) == ("PurchaseOrderLocked", reason), call
    assert rpc.get_purchase_order(ACME, number) == locked


def test_placing_without_a_warehouse_for_purchase_orders_says_so(rpc, concept):
    error = refusal(rpc.mark_purchase_order_purchased, ACME, concept["idpurchaseorder"], "anna")
    assert error.exc_type == "NoPurchaseOrderWarehouse" and "No warehouse for purchase orders" in error.value
    assert rpc.get_purchase_order(ACME, concept["idpurchaseorder"])["status"] == "concept"


def test_an_empty_purchase_order_cannot_be_placed(rpc, acme_warehouse):
    empty = rpc.create_purchase_order(ACME, {"supplier_name": "X"}, "anna")["purchase_order"]
    error = refusal(rpc.mark_purchase_order_purchased, ACME, empty["idpurchaseorder"], "anna")
    assert (error.exc_type, error.value) == ("InvalidPurchaseOrder", "products: add at least one product first")


def test_a_cancelled_purchase_order_cannot_change_any_more(rpc, concept):
    cancelled = rpc.cancel_purchase_order(ACME, concept["idpurchaseorder"], "anna")
    assert cancelled["status"] == "cancelled" and [line["amount_expected"] for line in cancelled["products"]] == [0, 0]
    error = refusal(rpc.cancel_purchase_order, ACME, concept["idpurchaseorder"], "anna")
    assert (error.exc_type, error.value) == ("PurchaseOrderLocked", "The purchase order has been cancelled.")


def test_lines_import_all_or_nothing_naming_every_bad_row(rpc, concept):
    number = concept["idpurchaseorder"]
    bad = rpc.import_purchase_order_lines(ACME, number, [
        {"row": 2, "productcode": "CAP-1", "amount": 4}, {"row": 3, "productcode": "GLOBEX-1", "amount": 1},
        {"row": 4, "productcode": "CAP-1", "amount": 0}], "anna")
    assert bad == {"imported": 0, "errors": [
        {"row": 3, "field": "productcode", "message": "unknown product code 'GLOBEX-1'"},
        {"row": 4, "field": "productcode", "message": "'CAP-1' is also on row 2"},
        {"row": 4, "field": "amount", "message": "0 is not a whole number from 1 to 100000"}]}
    assert lines(rpc.get_purchase_order(ACME, number)) == lines(concept)
    good = rpc.import_purchase_order_lines(ACME, number, [
        {"row": 2, "productcode": "CAP-1", "amount": 4.0}, {"row": 3, "productcode": "MUG-1", "amount": "9"}], "anna")
    assert good == {"imported": 2, "errors": []}
    assert lines(rpc.get_purchase_order(ACME, number)) == [("MUG-1", 9, 0, 9), ("CUP-1", 3, 0, 3), ("CAP-1", 4, 0, 4)]


def test_lists_filter_by_status_supplier_search_and_warehouse(rpc, supplier, concept, acme_warehouse):
    other = rpc.create_purchase_order(ACME, {"supplier_name": "Market stall", "products": [
        {"idproduct": 13, "amount": 1}]}, "anna")["purchase_order"]
    rpc.mark_purchase_order_purchased(ACME, other["idpurchaseorder"], "anna")

    def ids(**filters):
        return [row["idpurchaseorder"] for row in rpc.list_purchase_orders(ACME, 0, filters)]

    assert ids() == [other["idpurchaseorder"], concept["idpurchaseorder"]]
    assert ids(status="purchased") == [other["idpurchaseorder"]]
    assert ids(idsupplier=supplier["idsupplier"]) == [concept["idpurchaseorder"]]
    assert ids(search="cup") == ids(search="HT-88") == [concept["idpurchaseorder"]]
    assert ids(idwarehouses=[acme_warehouse + 1]) == [concept["idpurchaseorder"]]  # concepts have no warehouse yet
    error = refusal(rpc.list_purchase_orders, ACME, 0, {"status": "lost"})
    assert error.exc_type == "InvalidPurchaseOrder" and error.value.startswith("status: ")
    assert [row["idpurchaseorder"] for row in rpc.list_purchase_orders_of_all_customers()] == ids()


def test_another_client_reaches_none_of_the_purchase_orders_or_suppliers(rpc, supplier, concept):
    number, line = concept["idpurchaseorder"], concept["products"][0]["idpurchaseorder_product"]
    missing = ("PurchaseOrderNotFound", f"purchase order {number} not found")
    for call, args in ((rpc.get_purchase_order, ()), (rpc.update_purchase_order, ({"remarks": "x"}, "eve")),
                       (rpc.add_purchase_order_line, ({"idproduct": 21, "amount": 1}, "eve")),
                       (rpc.change_purchase_order_line, (line, 1, "eve")),
                       (rpc.remove_purchase_order_line, (line, "eve")),
                       (rpc.import_purchase_order_lines, ([{"row": 2, "productcode": "GLOBEX-1", "amount": 1}], "eve")),
                       (rpc.mark_purchase_order_purchased, ("eve",)), (rpc.cancel_purchase_order, ("eve",))):
        error = refusal(call, GLOBEX, number, *args)
        assert (error.exc_type, error.value) == missing, call
    for call, args in ((rpc.get_supplier, ()), (rpc.update_supplier, ({"name": "Mine"},))):
        error = refusal(call, GLOBEX, supplier["idsupplier"], *args)
        assert error.exc_type == "SupplierNotFound"
    assert rpc.list_purchase_orders(GLOBEX) == [] and rpc.get_purchase_order(ACME, number) == concept
    assert rpc.get_purchase_order_of_any_customer(number) == concept
