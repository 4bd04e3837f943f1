from orders import contract
from orders.service import OrdersService as Service
from servicekit.testing import served_rpc_methods


def test_serves_exactly_the_rpc_methods_of_its_contract():
    assert served_rpc_methods(Service) == set(contract.RPC)


def test_health_reports_name_version_and_database(rpc):
    assert rpc.health() == {"name": Service.name, "version": "0.1.0", "database": "ok", "ok": True}
