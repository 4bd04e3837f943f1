"""Processing orders allocates stock per line; what is missing waits as a backorder and is filled,
oldest first, when the catalog says stock rose."""
import uuid

import pytest
from orders_fakes import ACME, GLOBEX
from nameko.exceptions import RemoteError
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter

from orders import contract
from orders.schemas import BackorderOutput
from servicekit.testing import assert_shape

WAREHOUSE = 1
MUG, CUP = 11, 12
ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


def place(rpc, *lines, customer=ACME):
    products = [{"idproduct": product, "amount": amount} for product, amount in lines]
    return rpc.create_order(customer, {**ADDRESS, "products": products}, "portal", "anna")["order"]


def stock_rose(container, config, product, amount_free, event_id=None):
    """Deliver catalog's stock_changed as catalog would, and wait until orders has handled it."""
    payload = {"event_id": event_id or str(uuid.uuid4()),
               "stock": {"idproduct": product, "idwarehouse": WAREHOUSE, "stock": amount_free, "reserved": 0,
                         "freestock": amount_free, "customer_id": ACME}}
    with entrypoint_waiter(container, "handle_stock_changed", timeout=10):
        event_dispatcher(config)("catalog", "stock_changed", payload)


def lines_of(order):
    return [(line["idproduct"], line["allocated"], line["backordered"]) for line in order["products"]]


def test_order_with_enough_stock_is_fully_allocated(rpc, catalog, published):
    catalog.free[(MUG, WAREHOUSE)] = 10
    order = place(rpc, (MUG, 3))
    with published("orders", "order_allocated") as event:
        processed = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert processed["status"] == "processing" and processed["idwarehouse"] == WAREHOUSE
    assert lines_of(processed) == [(MUG, 3, 0)]
    assert event.get()["order"]["idorder"] == order["idorder"]
    assert rpc.list_backorders(ACME) == []
    assert catalog.free[(MUG, WAREHOUSE)] == 7


def test_shortfall_becomes_a_backorder(rpc, catalog, published):
    catalog.free[(MUG, WAREHOUSE)] = 2
    order = place(rpc, (MUG, 5), (CUP, 1))
    with published("orders", "order_backordered") as event:
        processed = rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert event.get()["order"] == processed  # what is missing, per line, for the client's stockout alert
    assert lines_of(processed) == [(MUG, 2, 3), (CUP, 0, 1)]
    backorders = rpc.list_backorders(ACME)
    assert [(b["idproduct"], b["amount"], b["idorder"], b["orderid"]) for b in backorders] == [
        (MUG, 3, order["idorder"], order["orderid"]), (CUP, 1, order["idorder"], order["orderid"])]
    assert_shape(BackorderOutput, backorders[0])
    assert [b["idproduct"] for b in rpc.list_backorders(ACME, 0, {"idproduct": CUP})] == [CUP]
    assert processed["history"][-1]["details"] == {"idwarehouse": WAREHOUSE, "backordered": 4}
    assert rpc.count_backordered_orders(ACME) == 1 and rpc.count_backordered_orders(GLOBEX) == 0


def test_backorders_are_filled_oldest_first_when_stock_arrives(rpc, catalog, container, config, published):
    older = place(rpc, (MUG, 4))
    newer = place(rpc, (MUG, 4))
    for order in (older, newer):
        rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    catalog.free[(MUG, WAREHOUSE)] = 5
    with published("orders", "backorder_filled") as event:
        stock_rose(container, config, MUG, 5)
    assert event.get()["backorder"]["idorder"] == older["idorder"]
    assert lines_of(rpc.get_order(ACME, older["idorder"])) == [(MUG, 4, 0)]
    assert lines_of(rpc.get_order(ACME, newer["idorder"])) == [(MUG, 1, 3)]
    assert [(b["idorder"], b["amount"]) for b in rpc.list_backorders(ACME)] == [(newer["idorder"], 3)]
    assert rpc.get_order(ACME, older["idorder"])["history"][-1]["change"] == "backorder filled"


def test_the_same_stock_event_delivered_twice_is_applied_once(rpc, catalog, container, config):
    order = place(rpc, (MUG, 4))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    catalog.free[(MUG, WAREHOUSE)] = 1
    event_id = str(uuid.uuid4())
    stock_rose(container, config, MUG, 1, event_id)
    catalog.free[(MUG, WAREHOUSE)] = 1  # if the duplicate were applied, it would take this too
    stock_rose(container, config, MUG, 1, event_id)
    assert lines_of(rpc.get_order(ACME, order["idorder"])) == [(MUG, 1, 3)]


def test_cancelling_a_processed_order_gives_its_stock_back(rpc, catalog):
    catalog.free[(MUG, WAREHOUSE)] = 1
    order = place(rpc, (MUG, 3))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    cancelled = rpc.cancel_order(ACME, order["idorder"], "anna")
    assert cancelled["status"] == "cancelled" and lines_of(cancelled) == [(MUG, 0, 0)]
    assert catalog.released == [order["products"][0]["idorder_product"]]
    assert rpc.list_backorders(ACME) == []


def test_a_concept_never_processed_has_nothing_to_release(rpc, catalog):
    order = place(rpc, (MUG, 3))
    rpc.cancel_order(ACME, order["idorder"], "anna")
    assert catalog.released == []


def test_only_a_concept_order_can_be_processed(rpc, catalog):
    order = place(rpc, (MUG, 1))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    with pytest.raises(RemoteError) as error:
        rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    assert error.value.exc_type == "OrderLocked"


def test_one_client_cannot_process_or_see_backorders_of_another(rpc, catalog):
    theirs = place(rpc, (21, 2), customer=GLOBEX)
    with pytest.raises(RemoteError) as error:
        rpc.process_order(ACME, theirs["idorder"], WAREHOUSE, "anna")
    assert error.value.exc_type == "OrderNotFound"
    rpc.process_order(GLOBEX, theirs["idorder"], WAREHOUSE, "warehouse")
    assert rpc.list_backorders(ACME) == [] and len(rpc.list_backorders(GLOBEX)) == 1
    assert len(rpc.list_backorders_of_all_customers()) == 1


def test_bad_backorder_filters_are_refused(rpc):
    with pytest.raises(RemoteError) as error:
        rpc.list_backorders(ACME, 0, {"idproduct": "x"})
    assert error.value.exc_type == "InvalidOrder" and "idproduct" in error.value.value


def test_events_in_the_contract_are_the_ones_published():
    assert {"order_processed", "order_allocated", "order_backordered", "backorder_filled"} <= set(contract.EVENTS)


def test_a_user_limited_to_some_warehouses_sees_orders_and_backorders_of_those_only(rpc, catalog):
    other = WAREHOUSE + 1
    waiting_here, waiting_there, concept = place(rpc, (MUG, 2)), place(rpc, (MUG, 2)), place(rpc, (CUP, 1))
    rpc.process_order(ACME, waiting_here["idorder"], WAREHOUSE, "warehouse")
    rpc.process_order(ACME, waiting_there["idorder"], other, "warehouse")
    seen = {order["idorder"] for order in rpc.list_orders(ACME, 0, {"idwarehouses": [WAREHOUSE]})}
    assert seen == {waiting_here["idorder"], concept["idorder"]}  # a concept has no warehouse yet
    assert [b["idorder"] for b in rpc.list_backorders(ACME, 0, {"idwarehouses": [other]})] == [waiting_there["idorder"]]
    assert rpc.count_backordered_orders(ACME, [other]) == 1 and rpc.count_backordered_orders(ACME) == 2
    assert len(rpc.list_orders(ACME, 0, {"idwarehouses": []})) == 1
    with pytest.raises(RemoteError) as refused:
        rpc.list_orders(ACME, 0, {"idwarehouses": "1"})
    assert refused.value.exc_type == "InvalidOrder" and "idwarehouses" in refused.value.value


def test_a_fill_that_fails_goes_back_to_the_queue_and_is_not_lost(rpc, catalog, container, config):
    order = place(rpc, (MUG, 4))
    rpc.process_order(ACME, order["idorder"], WAREHOUSE, "warehouse")
    catalog.free[(MUG, WAREHOUSE)] = 4
    reserve, attempts = catalog.reserve_stock, []

    def unreachable_once(*args):
        attempts.append(args)
        if len(attempts) == 1:
            raise ConnectionError("catalog unreachable")
        return reserve(*args)

    catalog.reserve_stock = unreachable_once
    payload = {"event_id": str(uuid.uuid4()), "stock": {"idproduct": MUG, "idwarehouse": WAREHOUSE, "stock": 4,
                                                        "reserved": 0, "freestock": 4, "customer_id": ACME}}
    with entrypoint_waiter(container, "handle_stock_changed", timeout=10,
                           callback=lambda worker_ctx, result, exc_info: exc_info is None):
        event_dispatcher(config)("catalog", "stock_changed", payload)
    assert len(attempts) == 2
    assert lines_of(rpc.get_order(ACME, order["idorder"])) == [(MUG, 4, 0)]
