"""The gateway's RPC client against the running services and the real broker."""
import threading

import pytest
from nameko.exceptions import MethodNotFound, RemoteError

from e2e_api import E2E_AMQP_URI
from gateway.rpc import RpcClient, ServiceUnavailable


@pytest.fixture
def client(stack):
    rpc_client = RpcClient(E2E_AMQP_URI, timeout=5)
    yield rpc_client
    rpc_client.close()


def test_calls_from_one_thread_reuse_one_connection(client):
    for _ in range(20):
        assert client.accounts.health()["ok"] is True
    assert len(client._all_channels) == 1


def test_each_thread_has_its_own_connection(client):
    answers = []
    threads = [threading.Thread(target=lambda: answers.append(client.catalog.health()["name"])) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["catalog"] * 3 and len(client._all_channels) == 3


def test_domain_errors_pass_through_and_keep_the_connection(client):
    client.accounts.health()
    with pytest.raises(RemoteError) as error:
        client.accounts.get_customer(987654321)
    assert error.value.exc_type == "CustomerNotFound"
    assert len(client._all_channels) == 1


def test_calls_sent_together_each_get_their_own_answer_on_one_connection(client):
    answers = client.call_all({"catalog": ("catalog", "health"), "orders": ("orders", "health"),
                               "missing": ("accounts", "get_customer", 987654321),
                               "nobody": ("no_such_service", "health")})
    assert answers["catalog"]["name"] == "catalog" and answers["orders"]["name"] == "orders"
    assert isinstance(answers["missing"], RemoteError) and answers["missing"].exc_type == "CustomerNotFound"
    assert isinstance(answers["nobody"], ServiceUnavailable)
    assert client.accounts.health()["ok"] is True and len(client._all_channels) == 1


def test_a_wrong_method_name_is_a_bug_not_an_outage(client):
    with pytest.raises(MethodNotFound):
        client.accounts.no_such_method()
    assert client.accounts.health()["ok"] is True


def test_a_service_that_is_not_running_is_unavailable(client):
    with pytest.raises(ServiceUnavailable, match="not running"):
        client.no_such_service.health()


def test_a_service_whose_neighbour_is_away_is_unavailable_not_an_error():
    """orders answers ServiceUnavailable when catalog did not answer it: the gateway answers 503."""
    from nameko.exceptions import serialize

    from gateway.rpc import _result
    from servicekit.rpc import RequestInterrupted, ServiceUnavailable as NeighbourUnavailable

    for error in (NeighbourUnavailable("catalog.reserve_order_lines did not answer within 5 s"),
                  RequestInterrupted("orders.create_order was interrupted")):
        with pytest.raises(ServiceUnavailable, match="orders.create_order: "):
            _result("orders", "create_order", {"result": None, "error": serialize(error)})


def test_a_connection_the_broker_closed_is_replaced_before_the_call_goes_out(client):
    import subprocess

    from e2e_api import E2E_AMQP_URI

    client.accounts.health()
    vhost = E2E_AMQP_URI.rsplit("/", 1)[1]
    subprocess.run(["rabbitmqctl", "--quiet", "close_all_connections", "-p", vhost, "gateway rpc test"], check=True)
    assert client.accounts.health()["ok"] is True  # the stack's services reconnect by themselves
