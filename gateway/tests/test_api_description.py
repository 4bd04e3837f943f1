"""The OpenAPI file describes every API route (and nothing else), and is served with its docs."""
import re

import yaml
from importlib import resources

SPEC = yaml.safe_load(resources.files("gateway.api").joinpath("openapi.yaml").read_text())


def _api_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:\w+:)?\w+>", "{}", rule.rule.removeprefix("/api/v1"))
            routes |= {(method.lower(), path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return routes


def _documented() -> set[tuple[str, str]]:
    return {(method, re.sub(r"\{\w+\}", "{}", path)) for path, item in SPEC["paths"].items()
            for method in item if method in ("get", "post", "put", "delete", "patch")}


def test_every_api_route_is_documented_and_every_documented_route_exists(app):
    routes = _api_routes(app)
    assert sorted(routes - _documented()) == [], "routes missing from openapi.yaml"
    assert sorted(_documented() - routes) == [], "openapi.yaml documents routes the API does not serve"


def test_the_description_is_served_as_json_without_a_key(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json() == SPEC


def test_the_docs_are_one_page_without_javascript(client):
    response = client.get("/api/v1/docs")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "<script" not in html
    assert "GET /api/v1/orders/{idorder}" in html and 'id="schema-Order"' in html
