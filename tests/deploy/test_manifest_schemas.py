"""Every document of every kustomization matches its published schema, custom resources
included."""
import copy

import pytest

from manifest_schemas import SchemaError, validate
from rendered_manifests import KUSTOMIZATIONS, rendered


@pytest.mark.parametrize("kustomization", sorted(KUSTOMIZATIONS))
def test_every_rendered_document_matches_its_schema(kustomization):
    errors = []
    for document in rendered(kustomization):
        try:
            validate(document)
        except SchemaError as error:
            errors.append(str(error))
    assert not errors, "\n".join(errors)


def test_a_misspelt_field_is_refused():
    deployment = next(d for d in rendered("production") if d["kind"] == "Deployment")
    misspelt = copy.deepcopy(deployment)
    misspelt["spec"]["replica"] = misspelt["spec"].pop("replicas", 2)
    with pytest.raises(SchemaError, match="replica"):
        validate(misspelt)


def test_a_kind_without_a_vendored_schema_is_refused_not_skipped():
    with pytest.raises(SchemaError, match="no schema"):
        validate({"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w"}})


def test_a_custom_resource_with_a_misspelt_field_is_refused():
    cluster = next(d for d in rendered("production") if d["kind"] == "RabbitmqCluster")
    misspelt = copy.deepcopy(cluster)
    misspelt["spec"]["replica"] = misspelt["spec"].pop("replicas")
    with pytest.raises(SchemaError, match="replica"):
        validate(misspelt)


def test_a_custom_resource_with_a_value_its_schema_forbids_is_refused():
    vhost = next(d for d in rendered("production") if d["kind"] == "Vhost")
    wrong = copy.deepcopy(vhost)
    wrong["spec"]["defaultQueueType"] = "mirrored"
    with pytest.raises(SchemaError, match="mirrored"):
        validate(wrong)
