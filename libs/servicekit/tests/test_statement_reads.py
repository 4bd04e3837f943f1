"""A read of one statement runs outside a transaction (one round trip instead of BEGIN, the
statement and ROLLBACK), and leaves its pooled connection as every other unit of work expects it."""
import psycopg
import pytest
from psycopg import pq
from sqlalchemy import text

from servicekit.unit_of_work import RemoteCallInTransaction, refuse_remote_call


def _after_a_select(session) -> pq.TransactionStatus:
    """The connection's transaction state right after a SELECT: IDLE when it ran on its own."""
    session.execute(text("SELECT 1"))
    return session.connection().connection.dbapi_connection.info.transaction_status


def test_a_statement_read_opens_no_transaction(db):
    assert db.read_statement(_after_a_select) == pq.TransactionStatus.IDLE


def test_the_connection_is_transactional_again_for_the_next_unit_of_work(db):
    db.read_statement(_after_a_select)  # the test's pool holds one connection: the same one next
    assert db.read(_after_a_select) == pq.TransactionStatus.INTRANS
    assert db.change(lambda uow: _after_a_select(uow.session)) == pq.TransactionStatus.INTRANS


def test_a_remote_call_inside_a_statement_read_is_refused(db):
    with pytest.raises(RemoteCallInTransaction):
        db.read_statement(lambda session: refuse_remote_call("RPC catalog.find_products"))


def _status_in_driver_read(cursor) -> pq.TransactionStatus:
    cursor.execute("SELECT 1")
    return cursor.connection.info.transaction_status


def test_a_driver_read_opens_no_transaction_and_leaves_the_connection_transactional(db):
    assert db.read_driver(_status_in_driver_read) == pq.TransactionStatus.IDLE
    assert db.read(_after_a_select) == pq.TransactionStatus.INTRANS  # the same pooled connection


def test_a_remote_call_inside_a_driver_read_is_refused(db):
    with pytest.raises(RemoteCallInTransaction):
        db.read_driver(lambda cursor: refuse_remote_call("RPC catalog.find_products"))
    assert db.read_driver(_status_in_driver_read) == pq.TransactionStatus.IDLE


def test_a_driver_read_on_a_connection_the_database_ended_is_asked_again_on_a_new_one(db, service_database_url):
    def backend(cursor) -> int:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]

    first = db.read_driver(backend)  # the test's pool holds one connection: this one, next time
    with psycopg.connect(service_database_url.replace("+psycopg", ""), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (first,))
    assert db.read_driver(backend) != first
