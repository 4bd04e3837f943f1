"""The example alert rules: each says how urgent it is, what is wrong, and which section of
deploy/README.md tells the operator what to do."""
import pathlib
import re

from rendered_manifests import of_kind, rendered

README = pathlib.Path(__file__).resolve().parents[2] / "deploy" / "README.md"


def _alerts() -> list[dict]:
    (rules,) = of_kind(rendered("monitoring"), "PrometheusRule")
    return [rule for group in rules["spec"]["groups"] for rule in group["rules"]]


def test_every_alert_has_a_severity_a_summary_and_an_existing_runbook_section():
    sections = set(re.findall(r"^### (.+)$", README.read_text(), re.MULTILINE))
    alerts = _alerts()
    assert len({alert["alert"] for alert in alerts}) == len(alerts)
    for alert in alerts:
        assert alert["labels"]["severity"] in ("critical", "warning"), alert["alert"]
        assert alert["annotations"]["summary"], alert["alert"]
        (section,) = re.fullmatch(r'deploy/README\.md, "(.+)"', alert["annotations"]["runbook"]).groups()
        assert section in sections, (alert["alert"], section)


def test_the_broker_and_every_database_are_covered():
    expressions = " ".join(alert["expr"] for alert in _alerts())
    for metric in ("rabbitmq_identity_info", "rabbitmq_alarms_memory_used_watermark",
                   "rabbitmq_detailed_queue_consumers", "cnpg_collector_up",
                   "cnpg_pg_stat_archiver_failed_count", "cnpg_pg_replication_lag",
                   "kube_deployment_status_replicas_available"):
        assert metric in expressions, metric


def test_each_repair_an_alert_names_is_one_a_service_counts():
    """A renamed repair would silence its alert: the names in the rules are the ones in the code."""
    services = pathlib.Path(__file__).resolve().parents[2] / "services"
    counted = set(re.findall(r'count_repair\("\w+", "([^"{]+)"\)',
                             " ".join(path.read_text() for path in services.glob("*/*/*.py"))))
    named = {name for alert in _alerts() for name in re.findall(r'repair!?="([^"]+)"', alert["expr"])}
    assert named and named <= counted, named - counted
