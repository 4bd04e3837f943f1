import pytest
from nameko.exceptions import RemoteError

from catalog import contract
from catalog.schemas import WarehouseOutput
from catalog.service import CatalogService
from servicekit.testing import assert_shape, served_rpc_methods


def test_every_contract_method_is_served_and_nothing_else():
    assert served_rpc_methods(CatalogService) == set(contract.RPC)


def test_health_reports_name_version_and_database(rpc):
    assert rpc.health() == {"name": "catalog", "version": "0.1.0", "database": "ok", "ok": True}


def test_creating_a_warehouse_twice_returns_the_first_one(rpc):
    first = rpc.create_warehouse("Tilburg")
    assert_shape(WarehouseOutput, first)
    assert rpc.create_warehouse(" Tilburg ") == first
    rpc.create_warehouse("Venlo")
    assert [warehouse["name"] for warehouse in rpc.list_warehouses()] == ["Tilburg", "Venlo"]


def test_warehouse_needs_a_name(rpc):
    with pytest.raises(RemoteError) as error:
        rpc.create_warehouse("  ")
    assert error.value.exc_type == "InvalidWarehouse"
    assert "name" in error.value.value
