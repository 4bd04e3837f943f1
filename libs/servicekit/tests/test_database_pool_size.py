"""A service keeps one database connection per worker once its load needed them: with fewer,
connections past the pool were closed as they came back and opened again (a new PostgreSQL
backend) all the time at full load."""
from servicekit.config import nameko_config


def test_the_pool_keeps_a_connection_for_each_worker_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("DATABASE_POOL_SIZE", raising=False)
    monkeypatch.setenv("MAX_WORKERS", "7")
    assert nameko_config("catalog")["DATABASE_POOL_SIZE"] == nameko_config("catalog")["max_workers"] == 7
    monkeypatch.setenv("DATABASE_POOL_SIZE", "2")  # a test stack sharing one PostgreSQL with others
    assert nameko_config("catalog")["DATABASE_POOL_SIZE"] == 2
