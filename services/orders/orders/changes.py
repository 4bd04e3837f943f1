"""Changes to an order after it was placed, within the rules of its status."""
from orders.allocation import ask_to_release
from orders.order_progress import cancel_open_picklists
from orders.exceptions import InvalidOrder, OrderLocked
from orders.lookup import find_order
from orders.models import Order, OrderChange, OrderComment
from orders.schemas import (CommentInput, DeliveryAddressInput, InvoiceInput, OrderChangeInput, RecipientInput, TagsInput,
                            order_output)
from orders.tags import retag, tags_titled
from orders.statuses import CANCELLED, DEFAULT_CHANGES_ALLOWED_UNTIL, PROCESSING, client_may_change, step
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_address_input = DeliveryAddressInput()
_change_input = OrderChangeInput()
_comment_input = CommentInput()
_tags_input = TagsInput()
ADDRESS_FIELDS = tuple(_address_input.fields)
CONTACT_FIELDS = tuple(RecipientInput().fields) + tuple(InvoiceInput().fields)
# Each group of fields that changed is one step in the order's history.
CHANGES = (("delivery address changed", ADDRESS_FIELDS), ("contact details changed", CONTACT_FIELDS))
ATTRIBUTE = {"idcustomer": "end_customer_id"}  # Picqer's name → the order's


def refuse_late_change(order: Order, refused: str, by_warehouse: bool = False) -> None:
    """OrderLocked, saying why, once the order is past the client's rule; the warehouse itself
    (the operator) is held only to the default, until picking starts."""
    until = DEFAULT_CHANGES_ALLOWED_UNTIL if by_warehouse else order.changes_allowed_until
    if client_may_change(order.status, order.picking_started, until):
        return
    deadline = "until the warehouse processes it" if until == PROCESSING else "until picking starts"
    raise OrderLocked(f"Order {order.id} is already {step(order.status, order.picking_started)}: {refused} "
                      f"(an order can be changed or cancelled only {deadline}).")


def cancel_order(uow: UnitOfWork, customer_id: int, order_id: int, cancelled_by: str,
                 by_warehouse: bool = False) -> dict:
    """Cancel while the client's rule allows it (by default until picking starts); its reserved
    stock is to be given back (`orders.stock_reservations` asks catalog after this commits).
    Cancelling twice changes nothing."""
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if order.status == CANCELLED:
        return order_output.dump(order)
    refuse_late_change(order, "it can no longer be cancelled", by_warehouse)
    previous = order.status
    ask_to_release(uow.session, order)
    cancel_open_picklists(order)
    order.status = CANCELLED
    order.changes.append(OrderChange(changed_by=cancelled_by, change="cancelled", details={"from": previous}))
    uow.session.flush()
    result = order_output.dump(order)
    uow.add_event("order_cancelled", {"order": result})
    return result


def change_delivery_address(uow: UnitOfWork, customer_id: int, order_id: int, address, changed_by: str,
                            by_warehouse: bool = False) -> dict:
    """A new delivery address, while the client's rule allows it (by default until picking starts).
    Only the fields named change (a partial PUT, as Picqer's); `null` clears an optional line."""
    return _change(uow, _address_input, customer_id, order_id, address, changed_by, by_warehouse,
                   "its delivery address can no longer be changed")


def update_order(uow: UnitOfWork, customer_id: int, order_id: int, data, changed_by: str,
                 by_warehouse: bool = False) -> dict:
    """Picqer's update of an order: its delivery address and its contact and invoice fields, by
    the same rule as the address; only the fields named change."""
    return _change(uow, _change_input, customer_id, order_id, data, changed_by, by_warehouse,
                   "it can no longer be changed")


def _change(uow: UnitOfWork, schema, customer_id: int, order_id: int, data, changed_by: str, by_warehouse: bool,
            refused: str) -> dict:
    named = load(schema, data, InvalidOrder, partial=True)
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    refuse_late_change(order, refused, by_warehouse)
    changed = False
    for change, group in CHANGES:
        old = {field: getattr(order, ATTRIBUTE.get(field, field)) for field in group}
        new = {**old, **{field: value for field, value in named.items() if field in group}}
        if old == new:
            continue
        for field, value in new.items():
            setattr(order, ATTRIBUTE.get(field, field), value)
        order.changes.append(OrderChange(changed_by=changed_by, change=change, details={"from": old, "to": new}))
        changed = True
    if not changed:
        return order_output.dump(order)
    uow.session.flush()
    result = order_output.dump(order)
    uow.add_event("order_updated", {"order": result})
    return result


def add_comment(uow: UnitOfWork, customer_id: int, order_id: int, body, author: str) -> dict:
    """Client and warehouse both comment, in any status."""
    comment = load(_comment_input, {"body": body}, InvalidOrder)
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    order.comments.append(OrderComment(author=author, body=comment["body"]))
    uow.session.flush()
    return order_output.dump(order)


def set_tags(uow: UnitOfWork, customer_id: int, order_id: int, tags, changed_by: str) -> dict:
    """Replace the order's tags, named by title (the same tag twice counts once); the trail keeps
    old and new."""
    titles = load(_tags_input, {"tags": tags}, InvalidOrder)["tags"]
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    new = tags_titled(uow.session, customer_id, titles)
    if new == order.tags:
        return order_output.dump(order)
    retag(order, new, changed_by)
    uow.session.flush()
    return order_output.dump(order)
