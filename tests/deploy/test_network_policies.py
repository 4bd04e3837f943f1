"""Production's NetworkPolicies, evaluated on the rendered manifests against a model of the
cluster: the platform's pods, the pods the operators make for its RabbitMQ and PostgreSQL
clusters (labelled as those operators label them), and the neighbours a cluster has."""
import pytest

from network_reachability import Outside, allowed, pod
from rendered_manifests import of_kind, rendered

SERVICES = ["accounts", "catalog", "orders", "purchasing", "webshop-gateway"]
PORTS = [53, 80, 443, 5432, 5672, 6379, 8000, 9100, 9187, 15672, 15692, 25672]

DOCUMENTS = rendered("production")
POLICIES = of_kind(DOCUMENTS, "NetworkPolicy")
(NAMESPACE,) = [n["metadata"]["name"] for n in of_kind(DOCUMENTS, "Namespace")]
NAMESPACES = {name: {"kubernetes.io/metadata.name": name} for name in [
    NAMESPACE, "ingress-nginx", "kube-system", "cnpg-system", "rabbitmq-system", "monitoring",
    "another-team"]}

PLATFORM = {d["metadata"]["name"]: pod(d["metadata"]["name"], NAMESPACE,
                                       **d["spec"]["template"]["metadata"]["labels"])
            for d in of_kind(DOCUMENTS, "Deployment")}
BROKER = [pod(f"{c['metadata']['name']}-server-{i}", NAMESPACE,
              **{"app.kubernetes.io/name": c["metadata"]["name"],
                 "app.kubernetes.io/component": "rabbitmq",
                 "app.kubernetes.io/part-of": "rabbitmq"})
          for c in of_kind(DOCUMENTS, "RabbitmqCluster") for i in range(c["spec"]["replicas"])]
DATABASES = {c["metadata"]["name"]: [
    pod(f"{c['metadata']['name']}-{i}", NAMESPACE,
        **{"cnpg.io/cluster": c["metadata"]["name"], "cnpg.io/podRole": "instance",
           "cnpg.io/instanceRole": "primary" if i == 1 else "replica"})
    for i in range(1, c["spec"]["instances"] + 1)] for c in of_kind(DOCUMENTS, "Cluster")}
DATABASE_PODS = [p for instances in DATABASES.values() for p in instances]
BY_HAND = pod("debug", NAMESPACE, run="debug")
INGRESS_CONTROLLER = pod("ingress-nginx-controller", "ingress-nginx",
                         **{"app.kubernetes.io/name": "ingress-nginx"})
DNS = pod("coredns", "kube-system", **{"k8s-app": "kube-dns"})
CNPG_OPERATOR = pod("cnpg-controller-manager", "cnpg-system",
                    **{"app.kubernetes.io/name": "cloudnative-pg"})
RABBITMQ_OPERATOR = pod("messaging-topology-operator", "rabbitmq-system",
                        **{"app.kubernetes.io/name": "messaging-topology-operator"})
PROMETHEUS = pod("prometheus-0", "monitoring", **{"app.kubernetes.io/name": "prometheus"})
NEIGHBOUR = pod("their-app", "another-team", app="their-app")
SMTP_RELAY = Outside("smtp relay", "192.0.2.25")
OBJECT_STORE = Outside("object store", "198.51.100.7")
INTERNET = Outside("anywhere", "203.0.113.9")
NAMESPACE_PODS = list(PLATFORM.values()) + BROKER + DATABASE_PODS + [BY_HAND]
EVERY_POD = NAMESPACE_PODS + [INGRESS_CONTROLLER, DNS, CNPG_OPERATOR, RABBITMQ_OPERATOR,
                              PROMETHEUS, NEIGHBOUR]


def reaches(source, destination, port, protocol="TCP") -> bool:
    return allowed(POLICIES, source, destination, port, NAMESPACES, protocol)


def test_the_model_holds_every_workload_and_operator_made_pod():
    assert sorted(PLATFORM) == sorted(SERVICES + ["gateway"])
    assert len(BROKER) == 3
    assert sorted(DATABASES) == sorted(f"{s}-db" for s in SERVICES)


def test_only_the_gateway_is_reachable_from_the_ingress_controller_and_only_on_its_port():
    for destination in NAMESPACE_PODS:
        for port in PORTS:
            expected = destination == PLATFORM["gateway"] and port == 8000
            assert reaches(INGRESS_CONTROLLER, destination, port) == expected, \
                (destination.name, port)


def test_prometheus_scrapes_the_metrics_port_only_and_reaches_no_client_service_or_database_port():
    for workload in PLATFORM.values():
        assert reaches(PROMETHEUS, workload, 9100), workload.name
        assert not reaches(PROMETHEUS, workload, 8000), workload.name
    for destination in DATABASE_PODS:
        assert not reaches(PROMETHEUS, destination, 5432), destination.name


def test_pods_of_other_namespaces_reach_nothing_of_the_platform():
    for destination in NAMESPACE_PODS:
        for port in PORTS:
            assert not reaches(NEIGHBOUR, destination, port), (destination.name, port)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_reaches_the_broker_and_its_own_database_and_nothing_else(service):
    source = PLATFORM[service]
    assert all(reaches(source, node, 5672) for node in BROKER)
    assert all(reaches(source, instance, 5432) for instance in DATABASES[f"{service}-db"])
    for destination in EVERY_POD:
        if destination in BROKER or destination in DATABASES[f"{service}-db"]:
            continue
        for port in PORTS:
            if destination == DNS and port == 53:
                continue
            assert not reaches(source, destination, port), (destination.name, port)
    assert not reaches(source, INTERNET, 443)
    assert not reaches(source, OBJECT_STORE, 443)


@pytest.mark.parametrize("database", sorted(DATABASES))
def test_a_database_is_reached_only_by_its_service_and_its_own_instances(database):
    service = PLATFORM[database.removesuffix("-db")]
    for instance in DATABASES[database]:
        clients = {p for p in EVERY_POD if reaches(p, instance, 5432)}
        assert clients == {service, *DATABASES[database]}


def test_databases_are_managed_archived_and_scraped_but_by_nothing_else():
    for instance in DATABASE_PODS:
        assert reaches(CNPG_OPERATOR, instance, 8000)
        assert reaches(PROMETHEUS, instance, 9187)
        assert reaches(instance, OBJECT_STORE, 443)
        assert {p for p in EVERY_POD if reaches(p, instance, 8000)} == \
            {CNPG_OPERATOR, *DATABASES[instance.label_map["cnpg.io/cluster"]]}


def test_the_broker_is_reached_by_the_platform_and_its_own_nodes_only():
    for node in BROKER:
        assert {p for p in EVERY_POD if reaches(p, node, 5672)} == {*PLATFORM.values(), *BROKER}
        assert {p for p in EVERY_POD if reaches(p, node, 15672)} == {RABBITMQ_OPERATOR, *BROKER}
        assert reaches(PROMETHEUS, node, 15692)
        assert all(reaches(node, peer, 25672) for peer in BROKER)


def test_only_accounts_reaches_the_smtp_relay():
    for name, source in PLATFORM.items():
        assert reaches(source, SMTP_RELAY, 587) == (name == "accounts"), name
        assert reaches(source, SMTP_RELAY, 465) == (name == "accounts"), name


def test_every_pod_of_the_namespace_resolves_names_through_the_cluster_dns():
    for source in NAMESPACE_PODS:
        assert reaches(source, DNS, 53, "UDP") and reaches(source, DNS, 53, "TCP"), source.name
        assert not reaches(source, DNS, 80), source.name


def test_a_pod_started_by_hand_in_the_namespace_reaches_nothing_but_dns():
    for destination in EVERY_POD:
        for port in PORTS:
            if destination == DNS and port == 53:
                continue
            assert not reaches(BY_HAND, destination, port), (destination.name, port)
    assert not reaches(BY_HAND, INTERNET, 443)
    assert not any(reaches(p, BY_HAND, port) for p in EVERY_POD for port in PORTS)


def test_without_policies_everything_is_reachable():
    """The evaluator itself: NetworkPolicies only ever take reachability away."""
    assert allowed([], NEIGHBOUR, DATABASE_PODS[0], 5432, NAMESPACES)
