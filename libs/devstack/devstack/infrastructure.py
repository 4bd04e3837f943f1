"""Are PostgreSQL and RabbitMQ there? If not, say how to start them instead of failing later."""
from kombu import Connection
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

HOW_TO_START = """
Start them with one of:
  - this machine's services:  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                              rabbitmq-server -detached
  - Docker:                   docker compose -f deploy/compose.yaml up -d
or point the system elsewhere with AMQP_URI and <SERVICE>_DATABASE_URL."""


class InfrastructureMissing(Exception):
    pass


def check_postgres(database_url: str) -> None:
    url = make_url(database_url).set(database="postgres")
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        raise InfrastructureMissing(
            f"PostgreSQL does not answer at {url.render_as_string(hide_password=True)}: "
            f"{getattr(error, 'orig', error)}" + HOW_TO_START) from None
    finally:
        engine.dispose()


def check_rabbitmq(amqp_uri: str) -> None:
    with Connection(amqp_uri, connect_timeout=3) as connection:
        try:
            connection.ensure_connection(max_retries=1)
        except Exception as error:
            raise InfrastructureMissing(
                f"RabbitMQ does not answer at {connection.as_uri()}: {error}" + HOW_TO_START) from None
