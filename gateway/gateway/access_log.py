"""gunicorn's access log without credentials: no user name (the API key is the HTTP Basic user
name), link tokens out of the request line, path, query and Referer, and no header atom that
could carry a credential, whatever format operations choose."""
from gunicorn.glogging import Logger
from telemetry import request_ids

from gateway.log_redaction import redact

_REDACTED_ATOMS = ("r", "U", "q", "f", "{referer}i")
_CREDENTIAL_HEADERS = ("{authorization}i", "{proxy-authorization}i", "{cookie}i", "{set-cookie}o")


class AccessLog(Logger):
    def access(self, resp, req, environ, request_time):
        """Under the request's id: the line is written after the request was served."""
        answered = next((value for name, value in resp.headers if name == request_ids.HEADER), None)
        with request_ids.bound(answered):
            super().access(resp, req, environ, request_time)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["u"] = "-"
        for name in _REDACTED_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = redact(atoms[name])
        for name in _CREDENTIAL_HEADERS:
            atoms.pop(name, None)
        return atoms
