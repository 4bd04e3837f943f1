"""What the fake shops share: a threaded HTTP server on a free local port (started and stopped by
`with`), the requests it received, and faults a test queues for the next requests. A subclass
answers in its shop's API (`_answer`), taking the next fault with `_next_fault`. What the shop
was sent to change (every request but a GET, answered 2xx) is in `received`.

`tls=True` serves https with a certificate made for 127.0.0.1 (`certificate_file`), which nobody
trusts unless told to (`REQUESTS_CA_BUNDLE`); `clock_offset_seconds` puts the shop's `Date`
header that far from the real time, as a server with a wrong clock does."""
import base64
import datetime
import hashlib
import hmac
import ipaddress
import json
import ssl
import tempfile
import threading
import time

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response


def hmac_signature(secret: str, body: bytes) -> str:
    """base64 of the HMAC-SHA256 of the raw body: how both shops sign their webhooks."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


class _ShopRequestHandler(WSGIRequestHandler):
    def date_time_string(self, timestamp=None):  # the Date header, by the shop's own clock
        return super().date_time_string((timestamp or time.time()) + getattr(self.server, "clock_offset_seconds", 0))


def self_signed_certificate() -> tuple[str, str]:
    """(certificate file, key file) for 127.0.0.1, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    files = []
    for content in (certificate.public_bytes(serialization.Encoding.PEM),
                    key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())):
        with tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False) as file:
            file.write(content)
            files.append(file.name)
    return files[0], files[1]


class LocalShopServer:
    def __init__(self, first_id: int, tls: bool = False):
        self.orders: dict[int, dict] = {}
        self.faults: list[str | tuple] = []  # what the next requests meet, one each: see the subclass
        self.requests: list[tuple[str, str]] = []  # (method, path?query) as received
        self.received: list[tuple[str, str, object]] = []  # (method, path, JSON body) of writes it took
        self._next_id = first_id
        self._lock = threading.Lock()
        context = None
        self.certificate_file = None
        if tls:
            self.certificate_file, key_file = self_signed_certificate()
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(self.certificate_file, key_file)
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_ShopRequestHandler,
                                   ssl_context=context)
        self._server.clock_offset_seconds = 0
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def clock_offset_seconds(self) -> float:
        return self._server.clock_offset_seconds

    @clock_offset_seconds.setter
    def clock_offset_seconds(self, seconds: float) -> None:
        self._server.clock_offset_seconds = seconds

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
