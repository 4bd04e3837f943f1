"""For tests: a webhook receiver on a real local HTTP port that keeps every request it gets,
answers each with the next status it is told to (200 once they run out), and checks Picqer's
signature the way a receiver should: an HMAC-SHA256 of the raw body, compared in constant time."""
import base64
import hashlib
import hmac
import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict
    body: bytes
    status: int  # what the receiver answered

    @property
    def json(self) -> dict:
        return json.loads(self.body)

    def signed_with(self, secret: str) -> bool:
        expected = base64.b64encode(hmac.new(secret.encode(), self.body, hashlib.sha256).digest()).decode()
        return hmac.compare_digest(expected, self.headers.get("X-Picqer-Signature", ""))


class WebhookReceiver:
    def __init__(self):
        self.received: list[Received] = []
        self.answers: list[int] = []
        self._lock = threading.Lock()
        self._answering = threading.Event()
        self._answering.set()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver._answering.wait(timeout=30)
                with receiver._lock:
                    status = receiver.answers.pop(0) if receiver.answers else 200
                    receiver.received.append(Received(self.path, dict(self.headers), body, status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "WebhookReceiver":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()

    @contextmanager
    def holding_answers(self):
        """Requests that arrive inside the block get their answer when it ends: what is sent then
        stays in flight, so a test can act on it before the sender knows how it went."""
        self._answering.clear()
        try:
            yield
        finally:
            self._answering.set()

    def address(self, path: str = "/hooks") -> str:
        return f"http://127.0.0.1:{self._server.server_port}{path}"

    def delivered(self) -> list[Received]:
        """What was answered with a 2xx, in the order it arrived."""
        with self._lock:
            return [request for request in self.received if 200 <= request.status < 300]

    def wait_for(self, count: int, timeout: float = 20, accepted=lambda request: True) -> list[Received]:
        """Wait until `count` accepted deliveries that pass `accepted` arrived; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [request for request in self.delivered() if accepted(request)]
            if len(found) >= count or time.monotonic() > deadline:
                assert len(found) >= count, f"{len(found)} of {count} webhooks arrived: {self.received}"
                return found
            time.sleep(0.05)
