"""The supervisor behind `make run`: restarts what exits, with backoff, and stops for good."""
import io
import os
import signal
import socket
import sys
import time

import pytest

from devstack.processes import Backoff, ProcessGroup
from devstack.stack import Stack, StackFailed, StackSettings

FAST = Backoff(initial=0.05, maximum=0.2, stable_after=5)
EXITS_AT_ONCE = [sys.executable, "-c", "import sys; print('bad config'); sys.exit(3)"]
SLEEPS = [sys.executable, "-c", "import time; time.sleep(60)"]


@pytest.fixture
def output() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def group(output):
    processes = ProcessGroup(dict(os.environ), output=output, backoff=FAST)
    yield processes
    processes.stop_all(grace_seconds=1)


def wait_for(condition, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_backoff_doubles_from_the_first_pause_up_to_the_cap():
    backoff = Backoff(initial=1, maximum=30, stable_after=60)
    delays, delay = [], None
    for _ in range(7):
        delay = backoff.next_delay(delay, uptime=0.5)
        delays.append(delay)
    assert delays == [1, 2, 4, 8, 16, 30, 30]


def test_backoff_starts_over_after_a_run_that_stayed_up():
    backoff = Backoff(initial=1, maximum=30, stable_after=60)
    assert backoff.next_delay(16, uptime=59) == 30
    assert backoff.next_delay(16, uptime=60) == 1


def test_a_process_that_exits_is_restarted_and_its_exit_code_logged(group, output):
    group.start("catalog", EXITS_AT_ONCE)
    first = group.pid("catalog")
    assert group.wait_restarted("catalog", first, timeout=5) != first
    wait_for(lambda: "restarting in 0.1 s" in output.getvalue())
    log = output.getvalue()
    # Its own last words come before the supervisor's, and the pause doubles.
    assert log.index("catalog  | bad config") < log.index(
        "devstack | catalog exited with code 3; restarting in 0.05 s") < log.index(
        "devstack | catalog exited with code 3; restarting in 0.1 s")
    assert group.exits()["catalog"].count >= 2


def test_a_killed_process_is_restarted_with_the_signal_named(group, output):
    group.start("orders", SLEEPS)
    killed = group.pid("orders")
    os.kill(killed, signal.SIGKILL)
    restarted = group.wait_restarted("orders", killed, timeout=5)
    assert restarted != killed and is_running(restarted)
    assert "devstack | orders was killed by SIGKILL; restarting in 0.05 s" in output.getvalue()
    assert group.exits()["orders"].last == "was killed by SIGKILL"


def test_wait_restarted_gives_up_after_its_timeout_when_nothing_exits(group):
    group.start("orders", SLEEPS)
    with pytest.raises(TimeoutError, match="orders was not restarted within 0.2 s"):
        group.wait_restarted("orders", group.pid("orders"), timeout=0.2)


def test_stop_all_stops_everything_and_nothing_restarts_after_it(output):
    # A long pause, so that the crashing one is waiting to restart when the stop comes.
    group = ProcessGroup(dict(os.environ), output=output, backoff=Backoff(initial=0.5))
    group.start("orders", SLEEPS)
    group.start("catalog", EXITS_AT_ONCE)
    wait_for(lambda: "catalog exited" in output.getvalue())
    pids = {name: group.pid(name) for name in ("orders", "catalog")}
    started = time.monotonic()
    group.stop_all(grace_seconds=1)
    assert time.monotonic() - started < 0.5  # it does not wait out the pause
    time.sleep(0.6)
    assert {name: group.pid(name) for name in pids} == pids
    assert not any(is_running(pid) for pid in pids.values())
    assert output.getvalue().count("restarting in") == 1
    assert group.exits()["orders"].count == 0  # stopping is not an exit of its own


@pytest.fixture
def stack(output):
    """A stack whose gateway never answers (nothing listens on its port): never healthy."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = StackSettings(amqp_uri="", database_urls={}, gateway_port=port, extra_env={"SECRET_KEY": "x"})
    running = Stack(settings, output=output, backoff=FAST)
    yield running
    running.stop()


def test_a_process_that_keeps_exiting_fails_the_start_and_says_how(stack):
    stack.processes.start("catalog", EXITS_AT_ONCE)
    with pytest.raises(StackFailed, match=r"catalog kept stopping while starting "
                                          r"\(last: catalog exited with code 3\); see its output above"):
        stack.wait_until_healthy(timeout=10)


def test_a_process_that_exits_once_while_starting_is_only_restarted(stack, tmp_path):
    marker = tmp_path / "crashed-once"
    stack.processes.start("catalog", [sys.executable, "-c", f"""import os, sys, time
if not os.path.exists({str(marker)!r}):
    open({str(marker)!r}, "w").close()
    sys.exit(1)
time.sleep(60)"""])
    with pytest.raises(StackFailed, match="not healthy after 1 s"):
        stack.wait_until_healthy(timeout=1)
    assert stack.processes.exits()["catalog"].count == 1


def test_the_start_waits_until_every_replica_of_a_service_takes_requests(output):
    from kombu import Connection, Queue

    from servicekit.testing import TEST_AMQP_URI

    service = f"probe_{os.getpid()}_{time.monotonic_ns()}"  # a queue of this test's own on the suite's vhost
    settings = StackSettings(amqp_uri=TEST_AMQP_URI, database_urls={}, gateway_port=1, replicas={service: 2})
    stack = Stack(settings, output=output)
    with pytest.raises(StackFailed, match=f"not every replica takes requests: {service} 0 of 2"):
        stack.wait_until_consuming([service], timeout=0.3)  # no queue yet
    with Connection(TEST_AMQP_URI) as first, Connection(TEST_AMQP_URI) as second:
        queue = Queue(f"rpc-{service}", auto_delete=True)
        with first.Consumer(queue, callbacks=[]):
            with pytest.raises(StackFailed, match=f"{service} 1 of 2"):
                stack.wait_until_consuming([service], timeout=0.3)
            with second.Consumer(queue, callbacks=[]):
                stack.wait_until_consuming([service], timeout=5)
