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
