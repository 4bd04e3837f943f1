"""The platform's own metrics in production: Prometheus reads every gateway and service pod on
its metrics port, and nothing else reaches that port."""
from rendered_manifests import of_kind, rendered
from test_network_policies import EVERY_POD, PLATFORM, PROMETHEUS, reaches

METRICS_PORT = 9100  # telemetry.metrics_server's default, which the images keep


def test_prometheus_alone_reaches_every_platform_pods_metrics_port():
    for name, destination in PLATFORM.items():
        assert reaches(PROMETHEUS, destination, METRICS_PORT), name
        assert [source.name for source in EVERY_POD
                if source is not PROMETHEUS and reaches(source, destination, METRICS_PORT)] == [], name


def test_a_pod_monitor_reads_every_platform_deployment_on_the_metrics_port():
    (monitor,) = [m for m in of_kind(rendered("monitoring"), "PodMonitor") if m["metadata"]["name"] == "platform"]
    (expression,) = monitor["spec"]["selector"]["matchExpressions"]
    assert expression["key"] == "app" and expression["operator"] == "In"
    assert sorted(expression["values"]) == sorted(PLATFORM)
    assert [(e["portNumber"], e["path"]) for e in monitor["spec"]["podMetricsEndpoints"]] == [(METRICS_PORT, "/metrics")]
