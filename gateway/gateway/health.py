"""Health: `/healthz` is 200 once every service answers its health RPC with a reachable
database, 503 otherwise; `/livez` only says the gateway process serves requests (for liveness
probes, which must not restart the gateway because a service behind it is down).

`/readyz` says whether this gateway can serve at all: it reaches the broker, and the services
every request needs (`READINESS_SERVICES`: accounts, which checks every session and API key)
answer within `READINESS_TIMEOUT` (2 s). Not every service: one service down (catalog, say)
leaves the rest of the portal working, and would take every replica out alike.

The public learns only up or down. Versions and database states are for the operator's
monitoring: asked with an operator API key (HTTP Basic, as the API)."""
from flask import Blueprint, current_app, jsonify, request
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.rpc import ServiceUnavailable

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    return _answer(current_app.config["SERVICES"], None, ("ok", "unavailable"))


@blueprint.get("/readyz")
def readyz():
    return _answer(current_app.config["READINESS_SERVICES"], current_app.config["READINESS_TIMEOUT"],
                   ("ready", "not ready"))


def _answer(service_names, timeout: float | None, statuses: tuple[str, str]):
    answers = rpc_client().call_each(service_names, "health", timeout)
    services = {
        name: answer if isinstance(answer, dict) else {"name": name, "ok": False, "error": str(answer)}
        for name, answer in answers.items()
    }
    ok = all(report.get("ok") for report in services.values())
    body = {"status": statuses[0] if ok else statuses[1]}
    if _asked_by_operator():
        body["services"] = services
    return jsonify(body), 200 if ok else 503


def _asked_by_operator() -> bool:
    credentials = request.authorization
    if not (credentials and credentials.type == "basic" and credentials.username):
        return False
    try:
        identity = current_app.extensions["verified_api_keys"].identity(
            credentials.username, rpc_client().accounts.authenticate_api_key)
    except (RemoteError, ServiceUnavailable):  # an unknown key, or accounts down: the public answer
        return False
    return identity.get("scope") == "operator"


@blueprint.get("/livez")
def livez():
    return jsonify({"status": "alive"})
