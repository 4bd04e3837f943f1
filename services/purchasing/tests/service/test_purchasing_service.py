"""The purchasing service serves its contract, and keeps each client's warehouse for purchase
orders from accounts' events."""
import uuid

from purchasing_fakes import ACME, GLOBEX, announced

from accounts import contract as accounts_contract
from purchasing import contract
from purchasing.service import PurchasingService as Service
from servicekit.testing import assert_shape, field_paths, served_rpc_methods

CONCEPT = {"supplier_name": "Hanse Textiel", "products": [{"idproduct": 11, "amount": 5}]}


def test_serves_exactly_the_rpc_methods_of_its_contract():
    assert served_rpc_methods(Service) == set(contract.RPC)


def test_handles_exactly_the_events_its_contract_consumes():
    handled = {(entrypoint.source_service, entrypoint.event_type)
               for name in dir(Service) for entrypoint in getattr(getattr(Service, name), "nameko_entrypoints", ())
               if hasattr(entrypoint, "event_type")}
    assert handled == set(contract.CONSUMES)


def test_reads_only_fields_accounts_promises_and_tests_send_what_accounts_sends():
    for event_type in ("customer_created", "customer_updated"):
        published = field_paths(accounts_contract.EVENTS[event_type])
        assert field_paths(contract.CONSUMES[("accounts", event_type)]) <= published
        assert_shape(accounts_contract.EVENTS[event_type], announced(ACME, 1))


def test_health_reports_name_version_and_database(rpc):
    assert rpc.health() == {"name": Service.name, "version": "0.1.0", "database": "ok", "ok": True}


def purchase(rpc, customer=ACME):
    concept = rpc.create_purchase_order(customer, {**CONCEPT, "products": [
        {"idproduct": 11 if customer == ACME else 21, "amount": 5}]}, "anna")["purchase_order"]
    return rpc.mark_purchase_order_purchased(customer, concept["idpurchaseorder"], "anna")


def test_purchase_orders_go_to_the_warehouse_accounts_announced_last(rpc, deliver):
    deliver("customer_updated", announced(ACME, 3, warehouse_id=8))
    deliver("customer_created", announced(ACME, 1, warehouse_id=7))  # older: overtaken on the broker
    deliver("customer_created", announced(GLOBEX, 1, warehouse_id=9))
    assert purchase(rpc)["idwarehouse"] == 8
    assert purchase(rpc, GLOBEX)["idwarehouse"] == 9


def test_the_same_event_delivered_twice_is_applied_once(rpc, deliver):
    event_id = str(uuid.uuid4())
    deliver("customer_updated", announced(ACME, 5, warehouse_id=7, event_id=event_id))
    deliver("customer_updated", announced(ACME, 6, warehouse_id=8))
    deliver("customer_updated", announced(ACME, 7, warehouse_id=7, event_id=event_id))  # redelivered
    assert purchase(rpc)["idwarehouse"] == 8
