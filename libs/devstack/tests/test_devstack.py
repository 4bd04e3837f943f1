"""devstack: the checks before start and the settings it gives the processes."""
import pytest

from devstack.infrastructure import InfrastructureMissing, check_postgres, check_rabbitmq


def test_missing_postgres_says_where_it_looked_and_how_to_start_it():
    with pytest.raises(InfrastructureMissing) as error:
        check_postgres("postgresql+psycopg://postgres@127.0.0.1:1/fulfilment_accounts")
    message = str(error.value)
    assert "PostgreSQL does not answer at" in message and "127.0.0.1:1" in message
    assert "docker compose -f deploy/compose.yaml up -d" in message


def test_missing_rabbitmq_says_where_it_looked_and_how_to_start_it():
    with pytest.raises(InfrastructureMissing) as error:
        check_rabbitmq("amqp://guest:guest@127.0.0.1:1/")
    assert "RabbitMQ does not answer at" in str(error.value) and "rabbitmq-server -detached" in str(error.value)


def test_running_servers_pass_the_check():
    check_postgres("postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    check_rabbitmq("amqp://guest:guest@127.0.0.1:5672/")


def test_local_secret_key_is_made_once_and_kept(tmp_path):
    from devstack.stack import local_secret_key

    first = local_secret_key(str(tmp_path))
    assert len(first) == 64 and local_secret_key(str(tmp_path)) == first
    assert (tmp_path / "dev-secret-key").stat().st_mode & 0o077 == 0  # readable by the owner only


def test_replicas_are_read_as_processes_per_service_and_named_by_number():
    from devstack.stack import StackSettings, parse_replicas

    replicas = parse_replicas(" orders=2, catalog=3 ,")
    assert replicas == {"orders": 2, "catalog": 3}
    settings = StackSettings(amqp_uri="", database_urls={}, gateway_port=1, replicas=replicas)
    assert settings.replica_names("orders") == ["orders-1", "orders-2"]
    assert settings.replica_names("accounts") == ["accounts"]
    assert settings.process_names() == ["accounts", "catalog-1", "catalog-2", "catalog-3", "orders-1", "orders-2",
                                        "purchasing", "webshop-gateway", "gateway"]


@pytest.mark.parametrize("setting", ["ordres=2", "orders=0", "orders=two", "orders"])
def test_a_replicas_setting_that_names_no_service_or_count_is_refused_with_the_form(setting):
    from devstack.stack import StackFailed, parse_replicas

    with pytest.raises(StackFailed, match=r"REPLICAS: .* is not <service>=<number of processes>, with service one of "
                                          r"accounts, catalog"):
        parse_replicas(setting)


def test_local_credentials_key_is_a_fernet_key_made_once_and_kept(tmp_path):
    from cryptography.fernet import Fernet

    from devstack.stack import local_credentials_key

    key = local_credentials_key(str(tmp_path))
    assert local_credentials_key(str(tmp_path)) == key
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"cs_secret")) == b"cs_secret"


def test_two_systems_on_one_machine_count_rate_limits_apart(monkeypatch):
    from devstack.stack import StackSettings

    monkeypatch.delenv("RATE_LIMIT_PREFIX", raising=False)
    prefixes = {StackSettings(amqp_uri=f"amqp://guest:guest@127.0.0.1:5672/{vhost}", database_urls={},
                              gateway_port=1).process_env()["RATE_LIMIT_PREFIX"] for vhost in ("fulfilment", "mine")}
    assert prefixes == {"ratelimit-fulfilment", "ratelimit-mine"}
