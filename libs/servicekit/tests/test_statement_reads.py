"""A read of one statement runs outside a transaction (one round trip instead of BEGIN, the
statement and ROLLBACK), and leaves its pooled connection as every other unit of work expects it."""
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
