"""The Kubernetes manifests as `kubectl apply -k` would send them: each overlay rendered by
kustomize (kubectl's built-in one, or a standalone `kustomize`), parsed into plain dicts."""
import functools
import pathlib
import shutil
import subprocess

import yaml

K8S = pathlib.Path(__file__).resolve().parents[2] / "deploy" / "k8s"
OVERLAYS = sorted(path.name for path in (K8S / "overlays").iterdir() if path.is_dir())
# Every kustomization one applies: the overlays, and the monitoring one beside them.
KUSTOMIZATIONS = {**{name: K8S / "overlays" / name for name in OVERLAYS},
                  "monitoring": K8S / "monitoring"}


def _kustomize_command(directory: pathlib.Path) -> list[str]:
    if shutil.which("kubectl"):
        return ["kubectl", "kustomize", str(directory)]
    if shutil.which("kustomize"):
        return ["kustomize", "build", str(directory)]
    raise RuntimeError("rendering deploy/k8s needs kubectl (or kustomize) on the PATH")


@functools.cache
def rendered(name: str) -> tuple[dict, ...]:
    """Every document of one kustomization (KUSTOMIZATIONS); kustomize refusing to render
    fails the caller."""
    result = subprocess.run(_kustomize_command(KUSTOMIZATIONS[name]),
                            capture_output=True, text=True, timeout=120)
    if result.returncode:
        raise AssertionError(f"kustomize cannot render {name}:\n{result.stderr}")
    return tuple(document for document in yaml.safe_load_all(result.stdout) if document)


def of_kind(documents, kind: str) -> list[dict]:
    return [document for document in documents if document["kind"] == kind]


def pod_templates(documents, platform_only: bool = False) -> dict[str, dict]:
    """Each workload's pod spec by workload name (Deployments and StatefulSets); with
    `platform_only`, only the platform's own (not the development overlay's servers)."""
    return {document["metadata"]["name"]: document["spec"]["template"]["spec"]
            for document in documents if document["kind"] in ("Deployment", "StatefulSet")
            and (not platform_only or _part_of_platform(document))}


def _part_of_platform(document: dict) -> bool:
    return document["metadata"].get("labels", {}).get("app.kubernetes.io/part-of") == "fulfilment"
