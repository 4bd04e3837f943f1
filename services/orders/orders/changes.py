"""Changes to an order after it was placed, within the rules of its status."""
from orders.allocation import Release, release_allocation
from orders.exceptions import OrderLocked
from orders.lookup import find_order
from orders.models import OrderChange
from orders.schemas import order_output
from orders.statuses import CANCELLED, client_may_change
from servicekit.unit_of_work import UnitOfWork


def cancel_order(uow: UnitOfWork, customer_id: int, order_id: int, cancelled_by: str, release: Release) -> dict:
    """Cancel while the order has not gone to picking, giving its reserved stock back;
    cancelling twice changes nothing."""
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if order.status == CANCELLED:
        return order_output.dump(order)
    if not client_may_change(order.status):
        raise OrderLocked(f"Order {order.id} is already {order.status}: it can no longer be cancelled.")
    previous = order.status
    release_allocation(uow.session, order, release)
    order.status = CANCELLED
    order.changes.append(OrderChange(changed_by=cancelled_by, change="cancelled", details={"from": previous}))
    uow.session.flush()
    uow.session.refresh(order)
    result = order_output.dump(order)
    uow.add_event("order_cancelled", {"order": result})
    return result
