"""Health: `/healthz` is 200 once every service answers its health RPC with a reachable
database; `/livez` only says the gateway process serves requests (for liveness probes, which
must not restart the gateway because a service behind it is down)."""
from flask import Blueprint, current_app, jsonify

from gateway import rpc_client

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    answers = rpc_client().call_each(current_app.config["SERVICES"], "health")
    services = {
        name: answer if isinstance(answer, dict) else {"name": name, "ok": False, "error": str(answer)}
        for name, answer in answers.items()
    }
    ok = all(report.get("ok") for report in services.values())
    return jsonify({"status": "ok" if ok else "unavailable", "services": services}), 200 if ok else 503


@blueprint.get("/livez")
def livez():
    return jsonify({"status": "alive"})
