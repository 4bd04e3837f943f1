"""Offline schema validation of rendered manifests, as strict as the API server's.

Kubernetes' own kinds are checked against its published JSON schemas (the kubernetes-validate
package carries them per Kubernetes version); the operators' custom resources against their
CustomResourceDefinitions, vendored unchanged in deploy/crds/. Both are strict: a field the
schema does not know is an error, as it is for `kubectl apply` (server-side field validation),
and a kind with no schema at all is an error too, never skipped.

What offline validation cannot see: the CEL rules (`x-kubernetes-validations`) of a CRD and
the operators' own admission webhooks.
"""
import functools
import pathlib

import jsonschema
import kubernetes_validate
import yaml

# The oldest Kubernetes release production must run on; raise it with the cluster.
KUBERNETES_VERSION = "1.32"
CRDS = pathlib.Path(__file__).resolve().parents[2] / "deploy" / "crds"


class SchemaError(AssertionError):
    pass


@functools.cache
def _custom_resource_schemas() -> dict[tuple[str, str], dict]:
    """(apiVersion, kind) -> the strict JSON schema of every vendored CRD's served versions."""
    schemas = {}
    for path in sorted(CRDS.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                api_version = f"{crd['spec']['group']}/{version['name']}"
                schema = _strict(version["schema"]["openAPIV3Schema"])
                schemas[(api_version, crd["spec"]["names"]["kind"])] = schema
    return schemas


def _strict(schema: dict) -> dict:
    """A copy that refuses unknown fields wherever the CRD lists the fields of an object and
    does not ask to keep unknown ones (the API server prunes or refuses those)."""
    if not isinstance(schema, dict):
        return schema
    strict = {key: (_strict(value) if isinstance(value, dict) else
                    [_strict(item) for item in value] if isinstance(value, list) else value)
              for key, value in schema.items()}
    if "properties" in strict:
        strict["properties"] = {name: _strict(field) for name, field in schema["properties"].items()}
        if ("additionalProperties" not in strict
                and not strict.get("x-kubernetes-preserve-unknown-fields")):
            strict["additionalProperties"] = False
    return strict


def _with_object_metadata(schema: dict) -> dict:
    """CRDs leave `metadata` open; hold it to the fields every object's metadata may have."""
    metadata = {"type": "object", "additionalProperties": False, "required": ["name"],
                "properties": {name: {} for name in (
                    "name", "namespace", "labels", "annotations", "finalizers")}}
    return {**schema, "properties": {**schema["properties"], "metadata": metadata}}


def validate(document: dict) -> None:
    """Raises SchemaError saying where and why a document does not match its schema."""
    key = (document.get("apiVersion"), document.get("kind"))
    custom = _custom_resource_schemas().get(key)
    where = f"{key[1]} {document.get('metadata', {}).get('name')}"
    if custom is not None:
        error = jsonschema.exceptions.best_match(
            jsonschema.Draft4Validator(_with_object_metadata(custom)).iter_errors(document))
        if error is not None:
            raise SchemaError(f"{where}: {'.'.join(map(str, error.path))}: {error.message}")
        return
    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        raise SchemaError(f"{where}: {'.'.join(map(str, error.path))}: {error.message}")
    except kubernetes_validate.SchemaNotFoundError:
        raise SchemaError(f"{where}: no schema for {key[0]} (vendor its CRD in deploy/crds)")
