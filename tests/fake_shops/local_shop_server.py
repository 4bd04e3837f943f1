"""What the fake shops share: a threaded HTTP server on a free local port (started and stopped by
`with`), the requests it received, and faults a test queues for the next requests. A subclass
answers in its shop's API (`_answer`), taking the next fault with `_next_fault`. What the shop
was sent to change (every request but a GET, answered 2xx) is in `received`."""
import base64
import hashlib
import hmac
import json
import threading

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


def hmac_signature(secret: str, body: bytes) -> str:
    """base64 of the HMAC-SHA256 of the raw body: how both shops sign their webhooks."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


class LocalShopServer:
    def __init__(self, first_id: int):
        self.orders: dict[int, dict] = {}
        self.faults: list[str | tuple] = []  # what the next requests meet, one each: see the subclass
        self.requests: list[tuple[str, str]] = []  # (method, path?query) as received
        self.received: list[tuple[str, str, object]] = []  # (method, path, JSON body) of writes it took
        self._next_id = first_id
        self._lock = threading.Lock()
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        self.requests.append((request.method, request.full_path.rstrip("?")))
        response = self._answer(request)
        if request.method != "GET" and response.status_code < 300:
            with self._lock:
                self.received.append((request.method, request.path, json.loads(request.get_data() or b"null")))
        return response(environ, start_response)

    def received_at(self, method: str, path_end: str) -> list:
        """The bodies of the writes the shop took at a path ending so."""
        return [body for sent_method, path, body in self.received if sent_method == method and path.endswith(path_end)]

    def _next_fault(self) -> tuple[str | None, object]:
        """(kind, value) of the fault queued for this request, or (None, None)."""
        fault = self.faults.pop(0) if self.faults else None
        return fault if isinstance(fault, tuple) else (fault, None)

    def _answer(self, request: Request) -> Response:
        raise NotImplementedError
