"""Where an order stands once catalog's answers for it are recorded: what its lines hold and is
on no open picklist goes on a new picklist (`orders.picking_rules`), and an order with every
picklist closed and nothing held or waiting is complete. Works inside the caller's transaction."""
from orders.models import Order, OrderChange, Picklist, PicklistLine
from orders.picking_rules import is_complete, to_put_on_a_picklist
from orders.schemas import picklist_number
from orders.statuses import ASKED, COMPLETED, NOT_ASKED, PICKLIST_CANCELLED, PICKLIST_NEW, PROCESSING
from servicekit.unit_of_work import UnitOfWork


def after_answers(order: Order) -> Picklist | None:
    """Once catalog's answers for an order are recorded: what its lines hold and is on no open
    picklist goes on a new one (returned, not yet numbered: see `number_new_picklists`); an order
    with every picklist closed and nothing held or waiting is complete. While a close's answer is
    outstanding nothing is decided: until then what its lines hold still counts the units it took."""
    if order.status != PROCESSING or any(p.stock_consumption == ASKED for p in order.picklists):
        return None
    on_open = on_open_picklists(order)
    new_lines = to_put_on_a_picklist({line.id: line.allocated for line in order.lines}, on_open)
    if new_lines:
        return _make_picklist(order, new_lines)
    if is_complete(len(on_open), sum(line.allocated for line in order.lines),
                   sum(line.amount - line.shipped - line.allocated for line in order.lines)):
        order.status = COMPLETED
        order.changes.append(OrderChange(changed_by="warehouse", change="completed", details={}))
    return None


def on_open_picklists(order: Order) -> dict[int, int]:
    """Per order line, the units on its open picklists."""
    on_open: dict[int, int] = {}
    for picklist in order.picklists:
        if picklist.status == PICKLIST_NEW:
            for line in picklist.lines:
                on_open[line.order_line_id] = on_open.get(line.order_line_id, 0) + line.amount
    return on_open


def _make_picklist(order: Order, lines: dict[int, int]) -> Picklist:
    by_id = {line.id: line for line in order.lines}
    picklist = Picklist(customer_id=order.customer_id, order_id=order.id, warehouse_id=order.warehouse_id,
                        status=PICKLIST_NEW, stock_consumption=NOT_ASKED,
                        lines=[PicklistLine(order_line_id=line_id, amount=amount, amount_picked=0, line=by_id[line_id])
                               for line_id, amount in sorted(lines.items())])
    order.picklists.append(picklist)
    return picklist


def number_new_picklists(uow: UnitOfWork, picklists: list[Picklist]) -> None:
    """One flush numbers every new picklist (a receipt may fill 1,000 orders: not a flush each);
    then each order's trail names its picklist. The caller flushes or commits what follows."""
    if not picklists:
        return
    uow.session.flush()
    for picklist in picklists:
        picklist.order.changes.append(OrderChange(changed_by="warehouse", change="picklist created", details={
            "picklistid": picklist_number(picklist),
            "products": {line.line.productcode: line.amount for line in picklist.lines}}))


def cancel_open_picklists(order: Order) -> None:
    """The order was cancelled (before picking started): its open picklists are void."""
    for picklist in order.picklists:
        if picklist.status == PICKLIST_NEW:
            picklist.status = PICKLIST_CANCELLED


