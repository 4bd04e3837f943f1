"""Several processes under one supervisor, output prefixed with each one's name. A process that
exits on its own is started again after a pause that grows while it keeps failing (as Kubernetes
restarts a pod); stop_all (Ctrl-C) stops them all for good."""
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

COLOURS = ("\033[36m", "\033[33m", "\033[35m", "\033[32m", "\033[34m", "\033[31m")
RESET = "\033[0m"
SUPERVISOR = "devstack"  # the prefix of the supervisor's own lines


@dataclass(frozen=True)
class Backoff:
    """The pause before each restart: `initial`, doubling up to `maximum` while the process keeps
    failing, and `initial` again once it has stayed up `stable_after` seconds (a crash after a
    long run is news, not a crash loop)."""
    initial: float = 1
    maximum: float = 30
    stable_after: float = 60

    def next_delay(self, previous: float | None, uptime: float) -> float:
        """After a run of `uptime` seconds; `previous`: the pause before that run (None: none)."""
        if previous is None or uptime >= self.stable_after:
            return self.initial
        return min(previous * 2, self.maximum)


@dataclass
class Exits:
    """How often a process has exited on its own, and how it did the last time."""
    count: int = 0
    last: str = ""


@dataclass
class _Supervised:
    """One named process: its command, and its current run with the thread relaying its output."""
    name: str
    command: list[str]
    colour: str
    env: dict[str, str]
    process: subprocess.Popen | None = None
    relay: threading.Thread | None = None
    started: float = 0.0
    supervisor: threading.Thread | None = None
    exits: Exits = field(default_factory=Exits)


def describe_exit(returncode: int) -> str:
    if returncode >= 0:
        return f"exited with code {returncode}"
    try:
        return f"was killed by {signal.Signals(-returncode).name}"
    except ValueError:  # a real-time signal, which has no name
        return f"was killed by signal {-returncode}"


class ProcessGroup:
    def __init__(self, env: dict[str, str], output=sys.stdout, colour: bool | None = None,
                 backoff: Backoff = Backoff()):
        self._env = env
        self._output = output
        self._colour = output.isatty() if colour is None else colour
        self._backoff = backoff
        self._supervised: dict[str, _Supervised] = {}
        self._output_lock = threading.Lock()
        # Guards _supervised; notified whenever a process is restarted.
        self._state = threading.Condition()
        self._stopping = threading.Event()
        self._width = len(SUPERVISOR)

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        """Run `command` as `name`, with `env` added to the group's environment."""
        self._width = max(self._width, len(name))
        colour = COLOURS[len(self._supervised) % len(COLOURS)] if self._colour else ""
        supervised = _Supervised(name, command, colour, {**self._env, **(env or {})})
        with self._state:
            self._spawn(supervised)
            self._supervised[name] = supervised
        supervised.supervisor = threading.Thread(target=self._supervise, args=(supervised,), daemon=True)
        supervised.supervisor.start()

    def pid(self, name: str) -> int:
        """The pid of the newest run of `name` (which may have exited, waiting to restart)."""
        with self._state:
            return self._supervised[name].process.pid

    def exits(self) -> dict[str, Exits]:
        """Each process's exits on its own (not counting stop_all)."""
        with self._state:
            return {name: Exits(s.exits.count, s.exits.last) for name, s in self._supervised.items()}

    def wait_restarted(self, name: str, old_pid: int, timeout: float) -> int:
        """Block until `name` runs under a pid other than `old_pid`; returns the new pid."""
        with self._state:
            if not self._state.wait_for(lambda: self._supervised[name].process.pid != old_pid, timeout):
                raise TimeoutError(f"{name} was not restarted within {timeout:g} s")
            return self._supervised[name].process.pid

    def stop_all(self, grace_seconds: float = 10) -> None:
        with self._state:  # no restart can slip in after this: _spawn runs under the same lock
            self._stopping.set()
            supervised = list(self._supervised.values())
        for each in supervised:
            if each.process.poll() is None:  # a reaped pid may belong to someone else by now
                _signal_group(each.process, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        for each in supervised:
            try:
                each.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _signal_group(each.process, signal.SIGKILL)
                each.process.wait()
        for each in supervised:
            each.supervisor.join(timeout=5)

    def _spawn(self, supervised: _Supervised) -> None:
        supervised.process = subprocess.Popen(
            supervised.command, env=supervised.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, bufsize=1, start_new_session=True,
        )
        supervised.started = time.monotonic()
        supervised.relay = threading.Thread(
            target=self._relay_output, args=(supervised.name, supervised.colour, supervised.process.stdout),
            daemon=True)
        supervised.relay.start()

    def _supervise(self, supervised: _Supervised) -> None:
        """Wait for each run to end and, unless we are stopping, start the next."""
        delay = None
        while True:
            returncode = supervised.process.wait()
            # Children it leaves behind (gunicorn workers) would hold its port and output pipe.
            _signal_group(supervised.process, signal.SIGKILL)
            supervised.relay.join(timeout=2)  # its last lines come before the word why it ended
            if self._stopping.is_set():
                return
            delay = self._backoff.next_delay(delay, time.monotonic() - supervised.started)
            reason = describe_exit(returncode)
            with self._state:
                supervised.exits.count += 1
                supervised.exits.last = reason
            self._write(SUPERVISOR, "", f"{supervised.name} {reason}; restarting in {delay:g} s\n")
            if self._stopping.wait(delay):
                return
            with self._state:
                if self._stopping.is_set():
                    return
                self._spawn(supervised)
                self._state.notify_all()

    def _relay_output(self, name: str, colour: str, stream) -> None:
        with stream:
            for line in stream:
                self._write(name, colour, line)

    def _write(self, name: str, colour: str, line: str) -> None:
        with self._output_lock:
            self._output.write(f"{colour}{name:<{self._width}} |{RESET if colour else ''} {line}")
            self._output.flush()


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:  # the whole group has gone already
        pass
