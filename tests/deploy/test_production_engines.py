"""Production's RabbitMQ and PostgreSQL are operator-managed clusters, and every workload
connects with the credentials those operators generate."""
from rendered_manifests import of_kind, pod_templates, rendered

SERVICES = ["accounts", "catalog", "orders", "purchasing", "webshop-gateway"]


def _env(container: dict) -> dict[str, dict]:
    return {variable["name"]: variable for variable in container.get("env", [])}


def _secret_of(variable: dict) -> str:
    return variable["valueFrom"]["secretKeyRef"]["name"]


def test_rabbitmq_is_a_three_node_cluster_spread_over_nodes():
    (cluster,) = of_kind(rendered("production"), "RabbitmqCluster")
    assert cluster["spec"]["replicas"] == 3
    anti_affinity = cluster["spec"]["affinity"]["podAntiAffinity"]
    assert anti_affinity["requiredDuringSchedulingIgnoredDuringExecution"][0]["topologyKey"] \
        == "kubernetes.io/hostname"


def test_the_services_vhost_makes_their_durable_queues_quorum_queues_and_outlives_its_object():
    documents = rendered("production")
    (vhost,) = of_kind(documents, "Vhost")
    assert vhost["spec"] == {**vhost["spec"], "name": "fulfilment", "defaultQueueType": "quorum",
                             "deletionPolicy": "retain"}
    (permission,) = of_kind(documents, "Permission")
    assert permission["spec"]["vhost"] == "fulfilment"
    (user,) = of_kind(documents, "User")
    assert permission["spec"]["userReference"]["name"] == user["metadata"]["name"]
    assert "importCredentialsSecret" not in user["spec"]  # the operator generates them


def test_an_event_delivered_too_often_is_dead_lettered_into_a_kept_queue_not_dropped():
    documents = rendered("production")
    (policy,) = [p for p in of_kind(documents, "Policy") if p["spec"]["pattern"] == "^evt-"]
    assert policy["spec"]["vhost"] == "fulfilment"
    assert policy["spec"]["applyTo"] == "quorum_queues"
    definition = policy["spec"]["definition"]
    assert definition["dead-letter-strategy"] == "at-least-once"
    assert definition["overflow"] == "reject-publish"  # at-least-once needs it
    (exchange,) = [e for e in of_kind(documents, "Exchange")
                   if e["spec"]["name"] == definition["dead-letter-exchange"]]
    (binding,) = [b for b in of_kind(documents, "Binding")
                  if b["spec"]["source"] == exchange["spec"]["name"]]
    (queue,) = [q for q in of_kind(documents, "Queue")
                if q["spec"]["name"] == binding["spec"]["destination"]]
    assert exchange["spec"]["type"] == "fanout" and exchange["spec"]["vhost"] == "fulfilment"
    assert queue["spec"] == {**queue["spec"], "vhost": "fulfilment", "type": "quorum",
                             "durable": True, "deletionPolicy": "retain"}


def test_every_workload_reaches_the_broker_as_the_generated_user_in_the_services_vhost():
    (user,) = of_kind(rendered("production"), "User")
    generated = f"{user['metadata']['name']}-user-credentials"
    for name, pod in pod_templates(rendered("production"), platform_only=True).items():
        env = _env(pod["containers"][0])
        assert _secret_of(env["AMQP_USERNAME"]) == generated, name
        assert _secret_of(env["AMQP_PASSWORD"]) == generated, name
        assert env["AMQP_URI"]["value"] == \
            "amqp://$(AMQP_USERNAME):$(AMQP_PASSWORD)@rabbitmq:5672/fulfilment", name


def test_each_service_database_is_its_own_replicated_cluster_archiving_to_object_storage():
    documents = rendered("production")
    clusters = {c["metadata"]["name"]: c for c in of_kind(documents, "Cluster")}
    assert sorted(clusters) == sorted(f"{service}-db" for service in SERVICES)
    (store,) = of_kind(documents, "ObjectStore")
    scheduled = {b["spec"]["cluster"]["name"] for b in of_kind(documents, "ScheduledBackup")}
    for name, cluster in clusters.items():
        assert cluster["spec"]["instances"] >= 3, name
        assert cluster["spec"]["postgresql"]["synchronous"]["number"] >= 1, name
        (archiver,) = [p for p in cluster["spec"]["plugins"] if p.get("isWALArchiver")]
        assert archiver["parameters"]["barmanObjectName"] == store["metadata"]["name"], name
        assert name in scheduled, name
    assert store["spec"]["configuration"]["destinationPath"].startswith("s3://")


def test_each_service_and_its_migrations_use_only_its_own_clusters_generated_owner():
    documents = rendered("production")
    clusters = {c["metadata"]["name"]: c for c in of_kind(documents, "Cluster")}
    pods = pod_templates(documents, platform_only=True)
    for service in SERVICES:
        database = clusters[f"{service}-db"]["spec"]["bootstrap"]["initdb"]["database"]
        url_name = f"{service.upper().replace('-', '_')}_DATABASE_URL"
        for container in pods[service]["initContainers"] + pods[service]["containers"]:
            env = _env(container)
            assert _secret_of(env["DATABASE_USERNAME"]) == f"{service}-db-app", service
            assert _secret_of(env["DATABASE_PASSWORD"]) == f"{service}-db-app", service
            assert env[url_name]["value"] == (
                "postgresql+psycopg://$(DATABASE_USERNAME):$(DATABASE_PASSWORD)"
                f"@{service}-db-rw:5432/{database}"), service
            others = [n for n in env if n.endswith("_DATABASE_URL") and n != url_name]
            assert not others, service
    assert "DATABASE_USERNAME" not in _env(pods["gateway"]["containers"][0])


def test_the_development_overlay_gives_the_same_secret_and_host_names_without_operators():
    documents = rendered("dev")
    assert not of_kind(documents, "Cluster") and not of_kind(documents, "RabbitmqCluster")
    services = {s["metadata"]["name"] for s in of_kind(documents, "Service")}
    assert {f"{service}-db-rw" for service in SERVICES} | {"rabbitmq"} <= services
    secrets = {s["metadata"]["name"].rsplit("-", 1)[0] for s in of_kind(documents, "Secret")}
    assert {f"{service}-db-app" for service in SERVICES} | {"fulfilment-user-credentials"} \
        <= secrets
