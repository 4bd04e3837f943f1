"""A query argument that openapi.yaml does not give the route is refused (400), never ignored:
a client sending one means something this API would not do (a filter a list does not apply
would make it take every row as its match). Lists name the filters they take themselves
(`refuse_unknown_arguments`); this holds every route to its description."""
import re
from functools import cache

from flask import request

from gateway.api import blueprint
from gateway.api.auth import customer_from_key_or
from gateway.api.errors import ApiError
from gateway.api_docs import openapi_spec

METHODS = ("get", "post", "put", "delete")


def _template(path: str) -> str:
    return re.sub(r"\{\w+\}", "{}", path)


@cache
def documented_arguments() -> dict[tuple[str, str], frozenset[str]]:
    """(METHOD, path with `{}` for each path parameter) → the query arguments it takes."""
    spec = openapi_spec()

    def resolved(parameter: dict) -> dict:
        if "$ref" in parameter:
            return spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
        return parameter

    found = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                parameters = map(resolved, item.get("parameters", []) + item[method].get("parameters", []))
                found[(method.upper(), _template(path))] = frozenset(
                    parameter["name"] for parameter in parameters if parameter["in"] == "query")
    return found


@blueprint.before_request
def refuse_undocumented_arguments():
    if request.url_rule is None or not request.args:
        return
    path = re.sub(r"<(?:\w+:)?\w+>", "{}", request.url_rule.rule.removeprefix(blueprint.url_prefix))
    known = documented_arguments().get((request.method, path))
    if known is None:  # HEAD and OPTIONS
        return
    unknown = sorted(set(request.args) - known)
    if unknown:
        customer_from_key_or(request.args.get("idfulfilment_customer"))  # another client's: 403 first
        takes = f"it takes {', '.join(sorted(known))}" if known else "it takes none"
        what = "a filter of this list" if "offset" in known else "an argument of this request"
        raise ApiError(400, f"{unknown[0]}: not {what}; {takes}.")
    # No argument takes several values: a second one would be silently dropped.
    if repeated := sorted(name for name in request.args if len(request.args.getlist(name)) > 1):
        raise ApiError(400, f"{repeated[0]}: given more than once; give it once.")
