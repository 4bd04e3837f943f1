"""Each client's warehouse for purchase orders, as the operator set it in accounts: a local copy
fed by accounts' customer_created and customer_updated events, kept at the newest version whatever
order they arrive in. A client not heard of has none yet."""
from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from purchasing.models import CustomerWarehouse
from purchasing.schemas import CustomerAnnouncedInput
from servicekit.unit_of_work import UnitOfWork

_announced = CustomerAnnouncedInput()


def purchase_order_warehouse(session: Session, customer_id: int) -> int | None:
    kept = session.get(CustomerWarehouse, customer_id)
    return kept.purchase_order_warehouse_id if kept else None


def apply_customer_announced(uow: UnitOfWork, payload: dict, handler: str) -> bool:
    """Keep the announced customer's warehouse for purchase orders, once per event; an event
    older than the copy (by accounts' version) changes nothing. False for a redelivery."""
    announced = _announced.load(payload)
    if not uow.first_delivery(payload, handler):
        return False
    customer = announced["customer"]
    statement = insert(CustomerWarehouse).values(
        customer_id=customer["idfulfilment_customer"],
        purchase_order_warehouse_id=customer["idwarehouse_purchaseorders"], version=announced["version"])
    uow.session.execute(statement.on_conflict_do_update(
        index_elements=[CustomerWarehouse.customer_id],
        set_={"purchase_order_warehouse_id": statement.excluded.purchase_order_warehouse_id,
              "version": statement.excluded.version, "updated_at": func.now()},
        where=CustomerWarehouse.version < statement.excluded.version,
    ))
    return True
