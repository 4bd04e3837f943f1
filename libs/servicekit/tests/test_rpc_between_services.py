"""servicekit's RPC on the real test broker: a proxy that times out, refuses to call inside a
transaction, and a service that survives an answer it cannot send and runs a request at most
once."""
import json
import uuid

import eventlet
import pytest
from kombu import Connection, Queue
from nameko.exceptions import IncorrectSignature
from nameko.rpc import get_rpc_exchange
from nameko.standalone.rpc import ServiceRpcProxy

from servicekit.database import Database
from servicekit.rpc import RpcProxy, ServiceUnavailable, _Responder, rpc
from servicekit.unit_of_work import RemoteCallInTransaction

runs = []


class Neighbour:
    name = "servicekit_test_neighbour"

    @rpc
    def echo(self, value):
        runs.append(value)
        return value

    @rpc
    def unavailable_itself(self):
        raise ServiceUnavailable("its own neighbour did not answer")

    @rpc
    def slow_echo(self, value, seconds):
        eventlet.sleep(seconds)
        return value


class Caller:
    name = "servicekit_test_caller"
    db = Database()
    neighbour = RpcProxy("servicekit_test_neighbour")
    absent = RpcProxy("servicekit_test_nobody")

    @rpc
    def ask_after_commit(self, value):
        self.db.change(lambda uow: None)
        return self.neighbour.echo(value)

    @rpc
    def ask_inside_transaction(self, value):
        return self.db.change(lambda uow: self.neighbour.echo(value))

    @rpc
    def ask_slow(self, value, seconds):
        return self.neighbour.slow_echo(value, seconds)

    @rpc
    def ask_absent(self):
        return self.absent.echo(1)

    @rpc
    def ask_one_that_cannot(self):
        return self.neighbour.unavailable_itself()


@pytest.fixture
def services(container_factory, config):
    runs.clear()
    config = {**config, "SERVICE_RPC_TIMEOUT": 1}
    for service in (Neighbour, Caller):
        container_factory(service, config).start()
    with ServiceRpcProxy(Caller.name, config) as caller:
        yield caller


def test_a_call_after_commit_goes_through(services):
    assert services.ask_after_commit("hello") == "hello"


def test_a_call_inside_a_transaction_is_refused_before_it_is_sent(services):
    with pytest.raises(Exception) as raised:
        services.ask_inside_transaction("hello")
    assert raised.value.exc_type == RemoteCallInTransaction.__name__
    assert runs == []


def test_a_neighbour_that_does_not_answer_in_time_is_unavailable(services):
    with pytest.raises(Exception) as raised:
        services.ask_slow("late", 3)
    assert raised.value.exc_type == ServiceUnavailable.__name__
    assert "did not answer within 1 s" in raised.value.value
    assert services.ask_slow("in time", 0) == "in time"  # the late answer disturbs nothing


def test_a_neighbour_that_is_not_running_is_unavailable(services):
    with pytest.raises(Exception) as raised:
        services.ask_absent()
    assert raised.value.exc_type == ServiceUnavailable.__name__


def test_a_neighbour_unavailable_behind_a_neighbour_is_unavailable_too(services):
    with pytest.raises(Exception) as raised:
        services.ask_one_that_cannot()
    assert raised.value.exc_type == ServiceUnavailable.__name__
    assert "its own neighbour did not answer" in raised.value.value


def test_a_call_with_arguments_the_method_does_not_take_is_refused_and_the_next_goes_through(services):
    with pytest.raises(IncorrectSignature, match="too many positional arguments"):
        services.ask_after_commit("one", "two")
    with pytest.raises(IncorrectSignature, match="missing a required argument: 'value'"):
        services.ask_after_commit(wrong="keyword")
    assert services.ask_after_commit("right") == services.ask_after_commit(value="right")


def test_a_service_lives_on_when_an_answer_cannot_be_sent(container_factory, config, monkeypatch):
    container = container_factory(Neighbour, config)
    container.start()
    real_send = _Responder.send_response
    broken = {"left": 1}

    def send_failing_once(self, result, exc_info):
        if broken["left"]:
            broken["left"] -= 1
            raise ConnectionRefusedError("broker gone")
        return real_send(self, result, exc_info)

    monkeypatch.setattr(_Responder, "send_response", send_failing_once)
    with ServiceRpcProxy(Neighbour.name, {**config, "serializer": "json"}, timeout=1) as neighbour:
        with pytest.raises(Exception):
            neighbour.echo("lost answer")  # its caller times out
    with ServiceRpcProxy(Neighbour.name, config, timeout=5) as neighbour:
        assert neighbour.echo("next") == "next"
    assert not container._died.ready()


def test_a_request_delivered_again_is_answered_not_run_twice(container_factory, config):
    """The broker hands a request out again when the connection that had it broke before the
    answer: it may have run, so it must not run a second time."""
    exchange = get_rpc_exchange(config)
    queue = Queue(f"rpc-{Neighbour.name}", exchange=exchange, routing_key=f"{Neighbour.name}.*", durable=True)
    replies = Queue(f"servicekit-test-replies-{uuid.uuid4()}", exchange=exchange, routing_key=str(uuid.uuid4()),
                    exclusive=True)
    with Connection(config["AMQP_URI"]) as connection:
        channel = connection.channel()
        queue(channel).declare()
        replies(channel).declare()
        producer = connection.Producer(channel)
        producer.publish({"args": ["once"], "kwargs": {}}, exchange=exchange, routing_key=f"{Neighbour.name}.echo",
                         reply_to=replies.routing_key, correlation_id="first", serializer="json")
        with Connection(config["AMQP_URI"]) as dying:  # takes the request, then breaks off
            taken = queue(dying.channel()).get(no_ack=False)
            assert taken is not None
        container_factory(Neighbour, config).start()
        answer = _next_message(replies(channel))
    assert answer["error"]["exc_type"] == "RequestInterrupted"
    assert runs == []


def _next_message(queue, timeout: float = 10) -> dict:
    with eventlet.Timeout(timeout):
        while True:
            message = queue.get(no_ack=True)
            if message is not None:
                return json.loads(message.body)
            eventlet.sleep(0.05)


@pytest.fixture(autouse=True)
def _forget_runs():
    runs.clear()

