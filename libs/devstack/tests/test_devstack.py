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
