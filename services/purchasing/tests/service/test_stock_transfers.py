"""Stock transfers from a client's own location to its warehouse for purchase orders: to ship,
then received line by line (short lines keep the difference) and booked in catalog once, or
cancelled while not received; a transfer the client made is changed only by the client."""
import pytest
from purchasing_fakes import ACME, GLOBEX, announced
from test_receipts import goods_received, reconcile, refusal

from purchasing import contract
from purchasing.schemas import ExpectedInboundOutput, StockTransferOutput
from servicekit.testing import assert_shape

SHOP = {"origin": "Shop Utrecht", "expected_date": "2026-12-10",
        "products": [{"productcode": "MUG-1", "amount": 10}, {"idproduct": 12, "amount": 4}]}


@pytest.fixture
def transfer(rpc, acme_warehouse) -> dict:
    """Acme's transfer of 10 mugs and 4 cups, made by its portal user anna."""
    return rpc.create_stock_transfer(ACME, SHOP, "anna", True)["stock_transfer"]


def test_a_transfer_starts_to_ship_into_the_warehouse_for_purchase_orders(rpc, transfer, acme_warehouse):
    assert_shape(StockTransferOutput, transfer)
    assert (transfer["status"], transfer["idwarehouse"], transfer["origin"], transfer["created_by"],
            transfer["stock_status"]) == ("to_ship", acme_warehouse, "Shop Utrecht", "anna", None)
    assert transfer["stocktransferid"].startswith("ST") and transfer["stocktransferid"].endswith(
        f"{transfer['idstocktransfer']:06d}")
    assert [(l["productcode"], l["amount"], l["amount_received"]) for l in transfer["products"]] == [
        ("MUG-1", 10, None), ("CUP-1", 4, None)]


def test_received_with_one_line_short_books_what_arrived_once(rpc, db, catalog, transfer):
    received = rpc.receive_stock_transfer(ACME, transfer["idstocktransfer"], {
        "products": [{"productcode": "CUP-1", "amount": 3}]}, "warehouse")
    assert (received["status"], received["received_by"], received["stock_status"]) == (
        "received", "warehouse", "completed")
    assert [(l["amount"], l["amount_received"], l["amount_difference"]) for l in received["products"]] == [
        (10, 10, 0), (4, 3, -1)]
    reference = str(transfer["idstocktransfer"])
    assert catalog.booked == {("transfer", reference, 11): 10, ("transfer", reference, 12): 3}
    assert catalog.booked_by == {("transfer", reference): None}  # the warehouse: no portal user
    [event] = goods_received(db)
    assert_shape(contract.EVENTS["goods_received"], event)
    assert (event["type"], event["id"], event["number"], [p["amount"] for p in event["products"]]) == (
        "transfer", transfer["idstocktransfer"], transfer["stocktransferid"], [10, 3])
    error = refusal(rpc.receive_stock_transfer, ACME, transfer["idstocktransfer"], {}, "warehouse")
    assert (error.exc_type, error.value) == (
        "StockTransferLocked", "The stock transfer has been received; it can no longer be changed or cancelled.")
    assert refusal(rpc.cancel_stock_transfer, ACME, transfer["idstocktransfer"], True).exc_type == "StockTransferLocked"
    assert catalog.calls.count("receive_stock_lines") == 1


def test_while_catalog_does_not_answer_the_transfer_is_booked_later_once(rpc, db, container, catalog, transfer):
    catalog.unreachable = 1
    received = rpc.receive_stock_transfer(ACME, transfer["idstocktransfer"], {}, "anna", 5)
    assert received["stock_status"] == "processing" and catalog.booked == {}
    reconcile(db, container)
    assert rpc.get_stock_transfer(ACME, transfer["idstocktransfer"])["stock_status"] == "completed"
    assert len(catalog.booked) == 2 and len(goods_received(db)) == 1
    # Booked later, still as received by anna (user 5): the ledger's iduser.
    assert catalog.booked_by == {("transfer", str(transfer["idstocktransfer"])): 5}


@pytest.mark.parametrize("user_id", [0, "5", True, 1.5])
def test_received_by_something_that_is_no_user_id_is_refused_and_books_nothing(rpc, catalog, transfer, user_id):
    error = refusal(rpc.receive_stock_transfer, ACME, transfer["idstocktransfer"], {}, "anna", user_id)
    assert error.exc_type == "InvalidStockTransfer" and error.value.startswith("received_by_user_id: ")
    assert rpc.get_stock_transfer(ACME, transfer["idstocktransfer"])["status"] == "to_ship" and catalog.booked == {}


def test_the_warehouse_receives_but_does_not_change_or_cancel_a_clients_transfer(rpc, transfer):
    for call, args in ((rpc.update_stock_transfer, ({"remarks": "x"}, False)), (rpc.cancel_stock_transfer, (False,))):
        error = refusal(call, ACME, transfer["idstocktransfer"], *args)
        assert (error.exc_type, error.value) == (
            "StockTransferMadeByClient", "The client made this stock transfer: only the client changes or cancels it.")
    changed = rpc.update_stock_transfer(ACME, transfer["idstocktransfer"], {
        "remarks": "two boxes", "products": [{"productcode": "MUG-1", "amount": 8}, {"productcode": "CAP-1", "amount": 1}]},
        True)
    assert (changed["remarks"], [(l["productcode"], l["amount"]) for l in changed["products"]]) == (
        "two boxes", [("MUG-1", 8), ("CAP-1", 1)])
    assert rpc.cancel_stock_transfer(ACME, transfer["idstocktransfer"], True)["status"] == "cancelled"
    error = refusal(rpc.receive_stock_transfer, ACME, transfer["idstocktransfer"], {}, "warehouse")
    assert (error.exc_type, error.value) == ("StockTransferLocked", "The stock transfer has been cancelled.")


def test_the_warehouse_changes_a_transfer_it_made_for_the_client(rpc, acme_warehouse):
    made = rpc.create_stock_transfer(ACME, SHOP, "API key operator", False)["stock_transfer"]
    assert rpc.update_stock_transfer(ACME, made["idstocktransfer"], {"origin": "Depot"}, False)["origin"] == "Depot"


@pytest.mark.parametrize("data,message", [
    ({**SHOP, "products": [{"productcode": "GLOBEX-1", "amount": 1}]},
     "products.0: unknown product (productcode 'GLOBEX-1')"),
    ({**SHOP, "products": [{"idproduct": 11, "amount": 0}]}, "products.0.amount: Must be a whole number from 1 to 100000."),
    ({**SHOP, "products": [{"idproduct": 11, "amount": -2}]},
     "products.0.amount: Must be a whole number from 1 to 100000."),
    ({**SHOP, "products": [{"idproduct": 11, "amount": 1.5}]}, "products.0.amount: Must be a whole number from 1 to 100000."),
    ({**SHOP, "products": []}, "products: A stock transfer needs between 1 and 10000 lines."),
    ({**SHOP, "origin": " "}, "origin: Length must be between 1 and 200."),
    ({**SHOP, "products": [{"idproduct": 11, "amount": 1}, {"productcode": "MUG-1", "amount": 2}]},
     "products.1: MUG-1 is on the transfer twice; add the amounts up"),
])
def test_bad_transfers_are_refused_naming_the_field_and_nothing_is_made(rpc, acme_warehouse, data, message):
    error = refusal(rpc.create_stock_transfer, ACME, data, "anna", True)
    assert (error.exc_type, error.value) == ("InvalidStockTransfer", message)
    assert rpc.list_stock_transfers(ACME) == []


@pytest.mark.parametrize("lines,message", [
    ([{"productcode": "CUP-1", "amount": 5}], "products.0.amount: 5 × CUP-1 is more than the 4 on the transfer"),
    ([{"productcode": "CAP-1", "amount": 1}], "products.0: productcode 'CAP-1' is not on this stock transfer"),
    ([{"idproduct": 12, "amount": -1}], "products.0.amount: Must be a whole number from 0 to 100000."),
])
def test_bad_receiving_is_refused_and_changes_nothing(rpc, catalog, transfer, lines, message):
    error = refusal(rpc.receive_stock_transfer, ACME, transfer["idstocktransfer"], {"products": lines}, "warehouse")
    assert (error.exc_type, error.value) == ("InvalidStockTransfer", message)
    assert rpc.get_stock_transfer(ACME, transfer["idstocktransfer"]) == transfer and catalog.booked == {}


def test_without_a_warehouse_for_purchase_orders_a_transfer_says_so(rpc, deliver):
    deliver("customer_created", announced(GLOBEX, 1, warehouse_id=None))
    error = refusal(rpc.create_stock_transfer, GLOBEX, {**SHOP, "products": [{"idproduct": 21, "amount": 1}]}, "g", True)
    assert error.exc_type == "NoPurchaseOrderWarehouse"


def test_lists_filter_by_who_made_it_and_a_key_repeats_nothing(rpc, acme_warehouse):
    first = rpc.create_stock_transfer(ACME, SHOP, "anna", True, "box-1")
    again = rpc.create_stock_transfer(ACME, SHOP, "anna", True, "box-1")
    assert (first["created"], again["created"], again["stock_transfer"]) == (True, False, first["stock_transfer"])
    rpc.create_stock_transfer(ACME, {**SHOP, "origin": "Depot"}, "bert", True)
    assert rpc.list_stock_transfer_creators(ACME) == ["anna", "bert"]
    assert [t["created_by"] for t in rpc.list_stock_transfers(ACME, 0, {"created_by": "bert"})] == ["bert"]
    assert [t["origin"] for t in rpc.list_stock_transfers(ACME, 0, {"search": "depot"})] == ["Depot"]
    assert rpc.list_stock_transfers(ACME, 0, {"idwarehouses": [acme_warehouse + 1]}) == []
    assert len(rpc.list_stock_transfers_of_all_customers(0, {"status": "to_ship"})) >= 2


def test_another_client_reaches_none_of_acmes_transfers(rpc, transfer):
    transfer_id = transfer["idstocktransfer"]
    for call, args in ((rpc.get_stock_transfer, ()), (rpc.cancel_stock_transfer, (True,)),
                       (rpc.update_stock_transfer, ({"remarks": "x"}, True)),
                       (rpc.receive_stock_transfer, ({}, "warehouse"))):
        assert refusal(call, GLOBEX, transfer_id, *args).exc_type == "StockTransferNotFound"
    assert rpc.list_stock_transfers(GLOBEX) == [] and rpc.list_stock_transfer_creators(GLOBEX) == []
    assert rpc.get_stock_transfer_of_any_customer(transfer_id) == transfer


def test_expected_inbound_counts_open_purchase_orders_and_transfers_to_ship(rpc, transfer, acme_warehouse):
    order = rpc.create_purchase_order(ACME, {"supplier_name": "Hanse", "delivery_date": "2026-12-05", "products": [
        {"idproduct": 11, "amount": 5}]}, "anna")["purchase_order"]
    rpc.mark_purchase_order_purchased(ACME, order["idpurchaseorder"], "anna")
    rpc.receive_purchase_order(ACME, order["idpurchaseorder"], {"products": [{"idproduct": 11, "amount": 2}]}, "w")
    rows = rpc.list_expected_inbound(ACME)
    assert_shape(ExpectedInboundOutput, rows[0])
    assert [(r["productcode"], r["amount_expected"], r["first_expected_date"]) for r in rows] == [
        ("MUG-1", 13, "2026-12-05"), ("CUP-1", 4, "2026-12-10")]
    assert [(s["type"], s["amount"]) for s in rows[0]["sources"]] == [("purchaseorder", 3), ("stocktransfer", 10)]
    assert [r["productcode"] for r in rpc.list_expected_inbound(ACME, {"idproduct": 12})] == ["CUP-1"]
    assert rpc.list_expected_inbound(ACME, {"idwarehouses": [acme_warehouse + 1]}) == []
    rpc.receive_stock_transfer(ACME, transfer["idstocktransfer"], {}, "warehouse")
    assert [(r["productcode"], r["amount_expected"]) for r in rpc.list_expected_inbound(ACME)] == [("MUG-1", 3)]
    assert rpc.list_expected_inbound(GLOBEX) == []
