"""What accounts reads of other services' events is what they promise to publish."""
import pytest
from catalog import contract as catalog_contract
from orders import contract as orders_contract
from purchasing import contract as purchasing_contract
from webshop_gateway import contract as webshop_gateway_contract

from accounts import contract
from accounts.service import AccountsService
from servicekit.testing import field_paths

PUBLISHERS = {"catalog": catalog_contract, "orders": orders_contract, "purchasing": purchasing_contract,
              "webshop_gateway": webshop_gateway_contract}


def test_handled_events_are_exactly_those_the_contract_consumes():
    handled = {(entrypoint.source_service, entrypoint.event_type)
               for name in dir(AccountsService)
               for entrypoint in getattr(getattr(AccountsService, name), "nameko_entrypoints", ())
               if hasattr(entrypoint, "event_type")}
    assert handled == set(contract.CONSUMES)


@pytest.mark.parametrize("service, event_type", sorted(contract.CONSUMES))
def test_accounts_reads_only_fields_the_publisher_promises(service, event_type):
    published = field_paths(PUBLISHERS[service].EVENTS[event_type])
    consumed = field_paths(contract.CONSUMES[(service, event_type)])
    assert consumed <= published, sorted(consumed - published)


def test_accounts_reads_only_fields_catalog_promises_of_each_product_whose_free_stock_changed():
    published = field_paths(catalog_contract.schemas.FreeStockOfProduct)
    consumed = field_paths(contract.schemas.FreeStockOfProductInput)
    assert consumed <= published, sorted(consumed - published)


@pytest.mark.parametrize("event_type", ["orders_processed", "orders_allocated", "orders_backordered"])
def test_accounts_reads_only_fields_orders_promises_of_each_order_an_event_lists(event_type):
    published = field_paths(orders_contract.EVENTS[event_type]().fields["orders"].inner.schema.__class__)
    consumed = field_paths(contract.CONSUMES[("orders", event_type)]().fields["orders"].inner.schema.__class__)
    assert consumed <= published, sorted(consumed - published)
