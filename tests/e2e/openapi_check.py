"""Checks a live API response against the OpenAPI file the gateway ships."""
from importlib import resources

import jsonschema
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = resources.files("gateway.api").joinpath("openapi.yaml")
SPEC = yaml.safe_load(SPEC_PATH.read_text())
_REGISTRY = Registry().with_resource("openapi", Resource(SPEC, specification=DRAFT202012))


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def assert_matches_openapi(method: str, path: str, response) -> None:
    """`path` is the spec's template, e.g. "/products/{idproduct}"."""
    operation = SPEC["paths"][path][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {path}: {status} is not documented"
    documented = operation["responses"][status]
    if "$ref" not in documented and "content" not in documented:  # 204: nothing to describe
        assert not response.content, f"{method} {path}: {status} has a body its description does not give"
        return
    location = ("paths", path, method.lower(), "responses", status)
    if "$ref" in documented:
        location = tuple(documented["$ref"].lstrip("#/").split("/"))
    schema = {"$ref": f"openapi#/{_pointer(*location)}/content/application~1json/schema"}
    jsonschema.Draft202012Validator(schema, registry=_REGISTRY).validate(response.json())
