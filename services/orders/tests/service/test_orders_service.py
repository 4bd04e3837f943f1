import pytest
from orders_fakes import ACME, GLOBEX
from nameko.exceptions import RemoteError
from sqlalchemy import func, update

from orders import contract
from orders.models import Order
from orders.schemas import OrderOutput
from orders.service import OrdersService
from servicekit.testing import assert_shape, served_rpc_methods

ORDER = {"reference": "SHOP-1001", "deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1",
         "deliveryzipcode": "1234 AB", "deliverycity": "Utrecht", "deliverycountry": "NL",
         "products": [{"productcode": "MUG-1", "amount": 2}, {"idproduct": 12, "amount": 1}]}


def remote_error(call, *args) -> RemoteError:
    with pytest.raises(RemoteError) as error:
        call(*args)
    return error.value


def set_status(db, order_id, status, picking_started=False):
    with db.unit_of_work() as uow:
        uow.session.execute(update(Order).where(Order.id == order_id).values(
            status=status, picking_started_at=func.now() if picking_started else None))
        uow.commit()


def test_serves_exactly_the_rpc_methods_of_its_contract():
    assert served_rpc_methods(OrdersService) == set(contract.RPC)


def test_health_reports_name_version_and_database(rpc):
    assert rpc.health() == {"name": "orders", "version": "0.1.0", "database": "ok", "ok": True}


def test_order_is_placed_as_a_concept_with_its_lines_source_and_history(rpc):
    result = rpc.create_order(ACME, ORDER, "api", "key: shop")
    order = result["order"]
    assert result["created"] is True
    assert_shape(OrderOutput, order)
    assert (order["status"], order["source"], order["idfulfilment_customer"]) == ("concept", "api", ACME)
    assert [(line["productcode"], line["amount"], line["price"]) for line in order["products"]] == [
        ("MUG-1", 2, "4.50"), ("CUP-1", 1, "3.00")]
    assert [change["change"] for change in order["history"]] == ["created"]
    assert rpc.get_order(ACME, order["idorder"]) == order


def test_a_retried_api_create_gets_the_same_order_never_two(rpc):
    first = rpc.create_order(ACME, ORDER, "api", "key: shop", "retry-key-1")
    again = rpc.create_order(ACME, ORDER, "api", "key: shop", "retry-key-1")
    assert again == {"order": first["order"], "created": False}
    assert len(rpc.list_orders(ACME)) == 1


def test_a_reference_is_not_unique(rpc):
    first = rpc.create_order(ACME, ORDER, "api", "key: shop")
    second = rpc.create_order(ACME, ORDER, "api", "key: shop")
    assert second["created"] and second["order"]["idorder"] != first["order"]["idorder"]
    assert {order["reference"] for order in rpc.list_orders(ACME)} == {ORDER["reference"]}


def test_another_clients_product_code_is_an_unknown_product(rpc):
    error = remote_error(rpc.create_order, ACME, {**ORDER, "products": [{"productcode": "GLOBEX-1", "amount": 1}]},
                         "portal", "anna")
    assert (error.exc_type, error.value) == ("InvalidOrder", "products.0: unknown product (productcode 'GLOBEX-1')")
    assert rpc.list_orders(ACME) == []


def test_an_empty_order_is_refused_and_nothing_is_created(rpc):
    error = remote_error(rpc.create_order, ACME, {**ORDER, "products": []}, "portal", "anna")
    assert error.exc_type == "InvalidOrder" and "products" in error.value
    assert rpc.list_orders(ACME) == []


def test_orders_are_listed_newest_first_and_filtered(rpc):
    first = rpc.create_order(ACME, {**ORDER, "reference": "A-1"}, "api", "shop")["order"]
    second = rpc.create_order(ACME, {**ORDER, "reference": "B-2", "deliveryname": "Piet Puk"}, "portal", "anna")["order"]
    assert [o["idorder"] for o in rpc.list_orders(ACME)] == [second["idorder"], first["idorder"]]
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"source": "api"})] == [first["idorder"]]
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"search": "puk"})] == [second["idorder"]]
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"search": "cup-1"})] == [second["idorder"], first["idorder"]]
    assert remote_error(rpc.list_orders, ACME, 0, {"status": "lost"}).exc_type == "InvalidOrder"


def test_order_is_cancelled_while_not_yet_picked(rpc):
    order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    cancelled = rpc.cancel_order(ACME, order["idorder"], "anna")
    assert cancelled["status"] == "cancelled"
    assert cancelled["history"][-1]["change"] == "cancelled" and cancelled["history"][-1]["changed_by"] == "anna"
    assert rpc.cancel_order(ACME, order["idorder"], "anna") == cancelled  # twice changes nothing


@pytest.mark.parametrize("status,picking_started,called", [
    ("processing", True, "picking"), ("completed", True, "completed")])
def test_order_cannot_be_cancelled_once_picking_started(rpc, db, status, picking_started, called):
    order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    set_status(db, order["idorder"], status, picking_started)
    error = remote_error(rpc.cancel_order, ACME, order["idorder"], "anna")
    assert (error.exc_type, error.value) == (
        "OrderLocked", f"Order {order['idorder']} is already {called}: it can no longer be cancelled "
                       "(an order can be changed or cancelled only until picking starts).")
    assert rpc.get_order(ACME, order["idorder"])["status"] == status


def test_one_client_cannot_see_or_cancel_another_clients_order(rpc):
    theirs = rpc.create_order(GLOBEX, {**ORDER, "products": [{"productcode": "GLOBEX-1", "amount": 1}]},
                              "api", "globex")["order"]
    missing = remote_error(rpc.get_order, ACME, 999999)
    as_if_missing = (missing.exc_type, missing.value.replace("999999", str(theirs["idorder"])))
    for error in (remote_error(rpc.get_order, ACME, theirs["idorder"]),
                  remote_error(rpc.cancel_order, ACME, theirs["idorder"], "anna")):
        assert (error.exc_type, error.value) == as_if_missing
    assert rpc.list_orders(ACME) == [] and rpc.list_orders(ACME, 0, {"search": "GLOBEX"}) == []
    assert rpc.get_order(GLOBEX, theirs["idorder"]) == theirs


def test_every_method_taking_a_customer_is_covered_by_the_cross_client_test():
    customer_scoped = {name for name, spec in contract.RPC.items() if spec["args"][:1] == ["customer_id"]}
    # process_order and list_backorders: test_one_client_cannot_process_or_see_backorders_of_another
    # change_delivery_address: test_another_clients_order_cannot_be_readdressed
    # update_order: test_an_update_changes_only_the_contact_and_address_fields_named_each_group_a_step
    # the current order's methods: test_orders_current_order.py (each user, each client, their own)
    assert customer_scoped == {"create_order", "get_order", "list_orders", "cancel_order",
                               "process_order", "list_backorders", "change_delivery_address", "update_order",
                               "get_current_order", "count_current_order_lines", "set_current_order_line",
                               "update_current_order", "place_current_order", "import_current_order_lines",
                               # test_another_clients_order_cannot_be_commented_or_tagged
                               "add_order_comment", "set_order_tags",
                               # test_orders_tags.py test_another_clients_tags_answer_as_missing_ones
                               "list_tags", "get_tag", "create_tag", "update_tag", "delete_tag", "list_order_tags",
                               "add_order_tag", "remove_order_tag",
                               # test_orders_customer_rules.py: each client's own rules
                               "get_order_rules",
                               # test_orders_allocation.py test_shortfall_becomes_a_backorder: counts its own
                               "count_backordered_orders",
                               # test_orders_picklists.py test_another_clients_picklist_answers_as_a_missing_one
                               "list_picklists", "get_picklist", "pick_picklist_product",
                               "pick_all_picklist_products", "close_picklist",
                               # test_orders_shipping_providers.py: each client sees the profiles it may use
                               "list_shipping_providers_for_customer",
                               # test_orders_shipments.py test_another_clients_shipments_answer_as_missing_ones
                               "create_shipment", "cancel_shipment", "list_picklist_shipments", "list_shipments",
                               # test_orders_returns.py test_another_clients_returns_answer_as_missing_ones
                               "register_return", "change_return_status", "get_return", "list_returns",
                               # test_orders_summary.py test_returns_are_counted_per_status_for_the_client_only
                               "summarize_orders"}


def test_operator_sees_orders_of_every_client(rpc):
    mine = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    theirs = rpc.create_order(GLOBEX, {**ORDER, "products": [{"idproduct": 21, "amount": 3}]}, "api", "globex")["order"]
    assert [o["idorder"] for o in rpc.list_orders_of_all_customers()] == [theirs["idorder"], mine["idorder"]]
    assert rpc.get_order_of_any_customer(theirs["idorder"]) == theirs


def test_order_created_is_published(published, rpc):
    with published("orders", "order_created") as event:
        order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    assert event.get()["order"] == order
    assert_shape(contract.EVENTS["order_created"], event.get())


def test_order_cancelled_is_published(published, rpc):
    order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    with published("orders", "order_cancelled") as event:
        cancelled = rpc.cancel_order(ACME, order["idorder"], "anna")
    assert event.get()["order"] == cancelled


NEW_ADDRESS = {"deliveryname": "Piet Puk", "deliveryaddress": "Kerkstraat 9", "deliveryzipcode": "9999 ZZ",
               "deliverycity": "Groningen", "deliverycountry": "nl"}


def test_delivery_address_is_changed_with_a_trail_until_picking(rpc, db):
    order = rpc.create_order(ACME, {**ORDER, "deliverycontactname": "Jan"}, "portal", "anna")["order"]
    changed = rpc.change_delivery_address(ACME, order["idorder"], {**NEW_ADDRESS, "deliverycontactname": None}, "anna")
    assert (changed["deliveryname"], changed["deliverycountry"], changed["deliverycontactname"]) == ("Piet Puk", "NL", None)
    last = changed["history"][-1]
    assert last["change"] == "delivery address changed" and last["details"]["from"]["deliveryname"] == "Jan Jansen"
    set_status(db, order["idorder"], "processing", picking_started=True)
    error = remote_error(rpc.change_delivery_address, ACME, order["idorder"], NEW_ADDRESS, "anna")
    assert (error.exc_type, error.value) == (
        "OrderLocked", f"Order {order['idorder']} is already picking: its delivery address can no longer be "
                       "changed (an order can be changed or cancelled only until picking starts).")


def test_a_partial_address_change_changes_only_the_fields_named(rpc):
    order = rpc.create_order(ACME, {**ORDER, "deliverycontactname": "Jan"}, "api", "shop")["order"]
    changed = rpc.change_delivery_address(ACME, order["idorder"], {"deliverycity": "Groningen"}, "shop")
    assert {field: changed[field] for field in ("deliveryname", "deliverycontactname", "deliverycity")} == {
        "deliveryname": order["deliveryname"], "deliverycontactname": "Jan", "deliverycity": "Groningen"}
    assert changed["history"][-1]["details"]["to"]["deliverycity"] == "Groningen"


def test_an_update_changes_only_the_contact_and_address_fields_named_each_group_a_step(rpc, published):
    order = rpc.create_order(ACME, {**ORDER, "emailaddress": "jan@example.test", "invoicename": "Jan BV",
                                    "invoicecountry": "NL"}, "api", "shop")["order"]
    with published("orders", "order_updated") as event:
        changed = rpc.update_order(ACME, order["idorder"], {"telephone": " +31 6 1234 5678 ", "invoicecountry": "be",
                                                            "invoicename": None}, "shop")
    assert event.get()["order"] == changed
    assert {field: changed[field] for field in ("telephone", "invoicecountry", "invoicename", "emailaddress",
                                                 "deliveryname")} == {
        "telephone": "+31 6 1234 5678", "invoicecountry": "BE", "invoicename": None,
        "emailaddress": "jan@example.test", "deliveryname": order["deliveryname"]}
    assert [step["change"] for step in changed["history"][-1:]] == ["contact details changed"]
    both = rpc.update_order(ACME, order["idorder"], {"deliverycity": "Groningen", "idcustomer": 12}, "shop")
    assert [step["change"] for step in both["history"][-2:]] == ["delivery address changed", "contact details changed"]
    assert rpc.update_order(ACME, order["idorder"], {"idcustomer": 12}, "shop")["history"] == both["history"]
    for bad, field in (({"emailaddress": "nope"}, "emailaddress"), ({"products": []}, "products"),
                       ({"invoicecountry": "XX"}, "invoicecountry")):
        error = remote_error(rpc.update_order, ACME, order["idorder"], bad, "shop")
        assert error.exc_type == "InvalidOrder" and field in error.value
    assert remote_error(rpc.update_order, GLOBEX, order["idorder"], {"telephone": "1"}, "x").exc_type == "OrderNotFound"


def test_a_bad_new_address_is_refused_naming_the_field(rpc):
    order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    error = remote_error(rpc.change_delivery_address, ACME, order["idorder"], {**NEW_ADDRESS, "deliverycity": ""}, "anna")
    assert error.exc_type == "InvalidOrder" and "deliverycity" in error.value
    assert rpc.get_order(ACME, order["idorder"])["deliverycity"] == "Utrecht"


def test_another_clients_order_cannot_be_readdressed(rpc):
    theirs = rpc.create_order(GLOBEX, {**ORDER, "products": [{"idproduct": 21, "amount": 1}]}, "api", "globex")["order"]
    assert remote_error(rpc.change_delivery_address, ACME, theirs["idorder"], NEW_ADDRESS, "anna").exc_type == "OrderNotFound"
    assert rpc.get_order(GLOBEX, theirs["idorder"]) == theirs and rpc.list_orders(ACME) == []


def test_client_and_warehouse_comment_on_an_order(rpc, db):
    order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    rpc.add_order_comment(ACME, order["idorder"], "Please use the side door", "anna")
    set_status(db, order["idorder"], "completed", picking_started=True)
    commented = rpc.add_order_comment(ACME, order["idorder"], " Sent with PostNL ", "warehouse")
    assert [(c["author"], c["body"]) for c in commented["comments"]] == [
        ("anna", "Please use the side door"), ("warehouse", "Sent with PostNL")]
    assert remote_error(rpc.add_order_comment, ACME, order["idorder"], "   ", "anna").exc_type == "InvalidOrder"


def test_tags_are_replaced_with_a_trail_and_filter_the_list(rpc):
    order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    other = rpc.create_order(ACME, {**ORDER, "reference": "X"}, "portal", "anna")["order"]
    tagged = rpc.set_order_tags(ACME, order["idorder"], ["urgent", " b2b ", "urgent"], "anna")
    assert list(tagged["tags"]) == ["urgent", "b2b"]
    assert tagged["history"][-1] == {**tagged["history"][-1], "change": "tags changed",
                                     "details": {"from": [], "to": ["urgent", "b2b"]}}
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"tag": "B2B"})] == [order["idorder"]]
    assert other["idorder"] not in [o["idorder"] for o in rpc.list_orders(ACME, 0, {"tag": "urgent"})]
    assert "At most 20 tags" in remote_error(rpc.set_order_tags, ACME, order["idorder"], [f"t{n}" for n in range(21)], "anna").value


def test_orders_are_filtered_by_creation_date(rpc):
    order = rpc.create_order(ACME, ORDER, "portal", "anna")["order"]
    today = order["created"][:10]
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"created_from": today, "created_until": today})] == [order["idorder"]]
    assert rpc.list_orders(ACME, 0, {"created_until": "2000-01-01"}) == []
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"created_until": "9999-12-31"})][:1] == [order["idorder"]]
    assert "idproduct" in remote_error(rpc.list_backorders, ACME, 0, {"idproduct": "\u00b2"}).value
    assert "created_from" in remote_error(rpc.list_orders, ACME, 0, {"created_from": "yesterday"}).value


def test_orders_are_found_by_picqers_filters(rpc, db):
    first = rpc.create_order(ACME, ORDER, "api", "shop")["order"]
    second = rpc.create_order(ACME, {**ORDER, "reference": "SHOP-2002"}, "api", "shop")["order"]

    def ids(filters):
        return [o["idorder"] for o in rpc.list_orders(ACME, 0, filters)]

    assert ids({"orderid": second["orderid"]}) == [second["idorder"]]
    assert ids({"orderid": "1999" + second["orderid"][4:]}) == []
    assert ids({"reference": "SHOP-1001"}) == [first["idorder"]]
    assert ids({"reference": "SHOP"}) == []  # exactly, unlike search
    assert ids({"sinceid": first["idorder"]}) == [second["idorder"]]
    assert ids({"updated_since": second["updated"]}) == [second["idorder"]]
    assert ids({"created_from": first["created"], "created_until": second["created"]}) == [second["idorder"], first["idorder"]]
    assert ids({"created_until": "2000-01-01 12:00:00"}) == []
    assert ids({"status": "paused"}) == []
    assert remote_error(rpc.list_backorders, ACME, 0, {"idbackorder": "x"}).exc_type == "InvalidOrder"
    for filters in ({"orderid": "O-12"}, {"sinceid": "\u00b2"}, {"updated_since": "9999-12-31T23:00-05:00"}):
        assert remote_error(rpc.list_orders, ACME, 0, filters).exc_type == "InvalidOrder"


def test_another_clients_order_cannot_be_commented_or_tagged(rpc):
    theirs = rpc.create_order(GLOBEX, {**ORDER, "products": [{"idproduct": 21, "amount": 1}]}, "api", "globex")["order"]
    assert remote_error(rpc.add_order_comment, ACME, theirs["idorder"], "hi", "anna").exc_type == "OrderNotFound"
    assert remote_error(rpc.set_order_tags, ACME, theirs["idorder"], ["x"], "anna").exc_type == "OrderNotFound"
    assert rpc.get_order(GLOBEX, theirs["idorder"]) == theirs


def test_an_id_beyond_the_database_range_is_bad_input_not_a_fault(rpc):
    error = remote_error(rpc.get_order, ACME, 10**21)
    assert (error.exc_type, "out of range" in error.value) == ("InvalidValue", True)


def test_picqers_contact_invoice_and_customer_fields_and_line_prices_are_kept(rpc):
    order = rpc.create_order(ACME, {
        **ORDER, "emailaddress": "jan@example.test", "telephone": "+31 6 1234 5678", "idcustomer": 77,
        "invoicename": "Jansen BV", "invoiceaddress": "Kerkplein 2", "invoicezipcode": "1000 AA",
        "invoicecity": "Amsterdam", "invoicecountry": "be",
        "products": [{"productcode": "MUG-1", "amount": 2, "price": 7.5}, {"idproduct": 12, "amount": 1}]},
        "api", "key: shop")["order"]
    assert_shape(OrderOutput, order)
    assert (order["emailaddress"], order["telephone"], order["idcustomer"], order["invoicename"],
            order["invoicecountry"], order["invoicecontactname"]) == (
        "jan@example.test", "+31 6 1234 5678", 77, "Jansen BV", "BE", None)
    mug, cup = order["products"]
    assert mug["price"] == "7.50" and cup["price"] != "7.50"  # the product's own price where none is given
    assert [o["idorder"] for o in rpc.list_orders(ACME, 0, {"idcustomer": "77"})] == [order["idorder"]]
    assert rpc.list_orders(ACME, 0, {"idcustomer": "78"}) == []


@pytest.mark.parametrize("field, value", [("emailaddress", "not an address"), ("invoicecountry", "ZZ"),
                                          ("idcustomer", True), ("idcustomer", 2**31)])
def test_bad_contact_or_invoice_fields_are_refused_naming_them(rpc, field, value):
    error = remote_error(rpc.create_order, ACME, {**ORDER, field: value}, "api", "key: shop")
    assert error.exc_type == "InvalidOrder" and field in error.value


def test_a_line_price_must_be_a_price(rpc):
    error = remote_error(rpc.create_order, ACME, {**ORDER, "products": [{"productcode": "MUG-1", "amount": 1,
                                                                         "price": -1}]}, "api", "key: shop")
    assert error.exc_type == "InvalidOrder" and "products.0.price" in error.value
