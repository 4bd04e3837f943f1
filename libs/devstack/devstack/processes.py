"""Several processes under one supervisor: output prefixed with each one's name, and when one
stops (or Ctrl-C), all stop."""
import os
import signal
import subprocess
import sys
import threading
import time

COLOURS = ("\033[36m", "\033[33m", "\033[35m", "\033[32m", "\033[34m", "\033[31m")
RESET = "\033[0m"


class ProcessGroup:
    def __init__(self, env: dict[str, str], output=sys.stdout, colour: bool | None = None):
        self._env = env
        self._output = output
        self._colour = output.isatty() if colour is None else colour
        self._processes: dict[str, subprocess.Popen] = {}
        self._lock = threading.Lock()
        self._width = 8

    def start(self, name: str, command: list[str]) -> None:
        self._width = max(self._width, len(name))
        process = subprocess.Popen(
            command, env=self._env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, text=True, bufsize=1, start_new_session=True,
        )
        self._processes[name] = process
        colour = COLOURS[(len(self._processes) - 1) % len(COLOURS)] if self._colour else ""
        threading.Thread(target=self._relay_output, args=(name, process, colour), daemon=True).start()

    def _relay_output(self, name: str, process: subprocess.Popen, colour: str) -> None:
        for line in process.stdout:
            with self._lock:
                self._output.write(f"{colour}{name:<{self._width}} |{RESET if colour else ''} {line}")
                self._output.flush()

    def stopped(self) -> list[str]:
        return [name for name, process in self._processes.items() if process.poll() is not None]

    def wait_any(self) -> str:
        """Block until some process exits; returns its name."""
        while True:
            stopped = self.stopped()
            if stopped:
                return stopped[0]
            time.sleep(0.2)

    def stop_all(self, grace_seconds: float = 10) -> None:
        for process in self._processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        for process in self._processes.values():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
