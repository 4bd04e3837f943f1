"""No remote call while a database transaction is open: the unit of work marks its transaction,
and every RPC proxy and event publish of servicekit refuses to run inside one."""
import pytest

from servicekit.unit_of_work import RemoteCallInTransaction, refuse_remote_call, transaction_open


def test_a_remote_call_inside_a_change_is_refused(db):
    def change_that_calls_out(uow):
        refuse_remote_call("RPC catalog.reserve_order_lines")

    with pytest.raises(RemoteCallInTransaction, match="catalog.reserve_order_lines while a database transaction"):
        db.change(change_that_calls_out)


def test_a_remote_call_inside_a_read_is_refused(db):
    with pytest.raises(RemoteCallInTransaction):
        db.read(lambda session: refuse_remote_call("RPC catalog.find_products"))


def test_the_transaction_is_closed_after_commit_and_after_a_failure(db):
    assert db.change(lambda uow: transaction_open()) is True
    assert not transaction_open()
    with pytest.raises(ZeroDivisionError):
        db.change(lambda uow: 1 / 0)
    assert not transaction_open()
    refuse_remote_call("RPC after the transaction")  # allowed


def test_nested_units_of_work_stay_marked_until_the_outer_one_ends(db):
    with db.unit_of_work() as outer:
        with db.unit_of_work() as inner:
            inner.commit()
        assert transaction_open()
        outer.commit()
    assert not transaction_open()

