"""The API's description, served: `/api/v1/openapi.json` (the OpenAPI file the tests check the
API against, as JSON) and `/api/v1/docs`, the same rendered as one HTML page on the server (no
JavaScript, no build step). Both public: they hold no client data."""
from functools import cache
from importlib import resources

import yaml
from flask import Blueprint, jsonify, render_template

blueprint = Blueprint("api_docs", __name__, url_prefix="/api/v1")

METHODS = ("get", "post", "put", "delete")


@cache
def openapi_spec() -> dict:
    return yaml.safe_load(resources.files("gateway.api").joinpath("openapi.yaml").read_text())


def _schema_name(reference: dict | None) -> str | None:
    return reference["$ref"].rsplit("/", 1)[-1] if reference and "$ref" in reference else None


def operations(spec: dict) -> list[dict]:
    """Every operation in the file's order, flattened for the page."""
    rows = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            rows.append({
                "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                "method": method.upper(), "path": path, "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": shared + operation.get("parameters", []),
                "body": _schema_name(body) or ("JSON object" if body else None),
                "responses": sorted(operation.get("responses", {})),
            })
    return rows


def _resolved(parameter: dict, spec: dict) -> dict:
    if "$ref" in parameter:
        return spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
    return parameter


@blueprint.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_spec())


@blueprint.get("/docs")
def docs():
    spec = openapi_spec()
    rows = operations(spec)
    for row in rows:
        row["parameters"] = [_resolved(parameter, spec) for parameter in row["parameters"]]
    return render_template("api/docs.html", info=spec["info"], operations=rows,
                           schemas=spec["components"]["schemas"])
