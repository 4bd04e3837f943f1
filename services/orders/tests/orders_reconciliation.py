"""Running orders' reconciliation from a test, as its timer would."""
from nameko.testing.services import entrypoint_hook
from sqlalchemy import text


def asked_an_hour_ago(db, order_id: int) -> None:
    """As if the order had asked catalog an hour ago: the reconciliation's turn to ask again."""
    with db.unit_of_work() as uow:
        uow.session.execute(text("UPDATE orders SET stock_reservation_asked_at = now() - interval '1 hour' "
                                 "WHERE id = :id"), {"id": order_id})
        uow.commit()


def reconcile(container) -> None:
    with entrypoint_hook(container, "reconcile_stock_reservations") as one_round:
        one_round()
