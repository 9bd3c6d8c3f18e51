"""infra/k8s: each overlay rendered by kustomize and every resource validated, strictly
(unknown fields refused), against the schemas of Kubernetes KUBERNETES_VERSION."""

import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

K8S = Path(__file__).resolve().parents[2] / "infra" / "k8s"
KUBERNETES_VERSION = "1.33.0"
OVERLAYS = ("production", "development")


def _render(overlay: str) -> list[dict]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: it renders the kustomizations")
    result = subprocess.run(
        [kubectl, "kustomize", K8S / "overlays" / overlay],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def _one(resources: list[dict], kind: str, name: str) -> dict:
    (found,) = [r for r in resources if r["kind"] == kind and r["metadata"]["name"] == name]
    return found


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_to_valid_kubernetes(overlay):
    resources = _render(overlay)
    for resource in resources:
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)
    kinds = {r["kind"] for r in resources}
    assert {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "Job",
        "Ingress",
        "ConfigMap",
        "NetworkPolicy",
    } <= kinds


def test_validation_refuses_an_unknown_field():
    web = _one(_render("production"), "Deployment", "consult-web")
    web["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_web_pods_are_probed_and_locked_down(overlay):
    resources = _render(overlay)
    web = _one(resources, "Deployment", "consult-web")
    allowed_hosts = _one(resources, "ConfigMap", "consult-config")["data"]["ALLOWED_HOSTS"]
    pod = web["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert web["spec"]["replicas"] >= 2
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]  # noqa: S108 (the pod's own /tmp)
    assert container["resources"]["requests"] and container["resources"]["limits"]
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/healthz")):
        get = container[probe]["httpGet"]
        assert get["path"] == path
        # Production settings answer only the hosts they are given.
        headers = {h["name"]: h["value"] for h in get["httpHeaders"]}
        assert headers["Host"] in allowed_hosts.split(",")
    assert _one(resources, "HorizontalPodAutoscaler", "consult-web")["spec"]["minReplicas"] >= 2
    assert _one(resources, "PodDisruptionBudget", "consult-web")["spec"]["minAvailable"] >= 1
    ingress = _one(resources, "Ingress", "consult")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-read-timeout"]
    assert ingress["spec"]["rules"][0]["host"] in allowed_hosts.split(",")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_migrations_worker_and_secrets(overlay):
    resources = _render(overlay)
    assert _one(resources, "Job", "consult-migrate")["spec"]["template"]["spec"]["containers"][0][
        "args"
    ] == ["migrate"]
    worker = _one(resources, "Deployment", "consult-worker")
    assert worker["spec"]["template"]["spec"]["containers"][0]["args"] == ["worker"]
    # One scheduler, and never two during a rollout: each would run every timed job.
    scheduler = _one(resources, "Deployment", "consult-scheduler")
    assert scheduler["spec"]["template"]["spec"]["containers"][0]["args"] == ["scheduler"]
    assert scheduler["spec"]["replicas"] == 1
    assert scheduler["spec"]["strategy"] == {"type": "Recreate"}
    for resource in resources:
        if resource["kind"] == "ConfigMap":
            assert not {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} & set(resource["data"])
    in_cluster = {r["metadata"]["name"] for r in resources if r["kind"] == "Service"}
    # PostgreSQL and Redis run in the cluster only for development.
    assert ({"postgres", "redis"} <= in_cluster) == (overlay == "development")
