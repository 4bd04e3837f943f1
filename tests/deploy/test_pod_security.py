"""Every pod of every overlay runs as the restricted Pod Security Standard asks, and writes only
where a volume was given to it for that: checked on the rendered manifests."""
import pytest

from rendered_manifests import OVERLAYS, pod_templates, rendered


def _containers(pod: dict) -> list[dict]:
    return pod.get("initContainers", []) + pod["containers"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_runs_as_a_non_root_user_with_the_runtime_seccomp_profile(overlay):
    for name, pod in pod_templates(rendered(overlay)).items():
        security = pod.get("securityContext", {})
        assert security.get("runAsNonRoot") is True, name
        assert security.get("runAsUser", 0) != 0, name
        assert security.get("seccompProfile", {}).get("type") == "RuntimeDefault", name
        assert pod.get("automountServiceAccountToken") is False, name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_drops_all_capabilities_and_cannot_escalate(overlay):
    for name, pod in pod_templates(rendered(overlay)).items():
        for container in _containers(pod):
            security = container.get("securityContext", {})
            where = f"{name}/{container['name']}"
            assert security.get("allowPrivilegeEscalation") is False, where
            assert security.get("capabilities", {}).get("drop") == ["ALL"], where
            assert not security.get("capabilities", {}).get("add"), where
            assert security.get("privileged") is not True, where


@pytest.mark.parametrize("overlay", ["production"])
def test_production_containers_have_read_only_root_file_systems(overlay):
    for name, pod in pod_templates(rendered(overlay)).items():
        for container in _containers(pod):
            assert container.get("securityContext", {}).get("readOnlyRootFilesystem") is True, \
                f"{name}/{container['name']}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_writable_volumes_are_small_empty_dirs_mounted_only_at_tmp(overlay):
    """Our own images write nothing but temporary files: /tmp, bounded in size."""
    platform = pod_templates(rendered(overlay), platform_only=True)
    assert len(platform) == 6
    for name, pod in platform.items():
        for volume in pod.get("volumes", []):
            assert "emptyDir" in volume, f"{name}: {volume}"
            assert volume["emptyDir"].get("sizeLimit"), f"{name}: {volume}"
        for container in _containers(pod):
            for mount in container.get("volumeMounts", []):
                assert mount["mountPath"] == "/tmp", f"{name}/{container['name']}: {mount}"
