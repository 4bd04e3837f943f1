"""The statements that record catalog's answers for many orders at once, each one statement for
all of them (`orders.first_answer`: the allocator's batch; `orders.fills`: a receipt filling
1,000 backorders): the ORM's unit of work spent more time on such a batch than the database."""
from sqlalchemy import Integer, String, any_, bindparam, cast, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from orders.models import Order, OrderChange, OrderLine, Picklist, PicklistLine
from orders.statuses import NOT_ASKED, PICKLIST_NEW
from servicekit.unit_of_work import UnitOfWork

_orders, _lines, _changes = Order.__table__, OrderLine.__table__, OrderChange.__table__
_picklists, _picklist_lines = Picklist.__table__, PicklistLine.__table__


def array(name: str):
    """A list of ids given as one parameter (`= ANY(...)`, `unnest`), not one parameter each."""
    return bindparam(name, type_=ARRAY(Integer))


def by_key(name: str, key):
    """The value under `key` of a JSON object given as one parameter: many rows' values at once."""
    return bindparam(name, type_=JSONB).op("->", return_type=JSONB)(cast(key, String))


# In id order, as every transaction that locks several orders does: no deadlocks.
_LOCK = select(_orders.c.id).where(_orders.c.id == any_(array("order_ids"))).order_by(_orders.c.id).with_for_update()


def lock_orders(uow: UnitOfWork, order_ids) -> list[int]:
    """The orders locked in id order; their ids, sorted."""
    order_ids = sorted(set(order_ids))
    uow.session.connection().execute(_LOCK, {"order_ids": order_ids})
    return order_ids


# New picklists, one per order given; their lines come after (`make_picklists`).
_made = (func.unnest(array("customer_ids"), array("order_ids"), array("warehouse_ids"))
         .table_valued("customer_id", "order_id", "warehouse_id").render_derived("made"))
_MAKE_PICKLISTS = (insert(_picklists)
                   .from_select(["customer_id", "order_id", "warehouse_id", "status", "stock_consumption"],
                                select(_made.c.customer_id, _made.c.order_id, _made.c.warehouse_id,
                                       literal(PICKLIST_NEW), literal(NOT_ASKED)))
                   .returning(_picklists.c.id, _picklists.c.order_id, _picklists.c.created_at, _picklists.c.status))
_held = (func.unnest(array("picklist_ids"), array("line_ids"), array("amounts"))
         .table_valued("picklist_id", "order_line_id", "amount", with_ordinality="position").render_derived("held"))
_ADD_PICKLIST_LINES = (insert(_picklist_lines)
                       .from_select(["picklist_id", "order_line_id", "amount", "amount_picked"],
                                    select(_held.c.picklist_id, _held.c.order_line_id, _held.c.amount, literal(0))
                                    .order_by(_held.c.position)))


def make_picklists(connection, picklists: list[tuple[int, int, int, dict[int, int]]]) -> dict:
    """New picklists, each (customer, order, warehouse, units by order line), with their lines in
    line order; the rows made (id, order_id, created_at, status) by order."""
    made = {row.order_id: row for row in connection.execute(_MAKE_PICKLISTS, {
        "customer_ids": [customer_id for customer_id, _, _, _ in picklists],
        "order_ids": [order_id for _, order_id, _, _ in picklists],
        "warehouse_ids": [warehouse_id for _, _, warehouse_id, _ in picklists]})}
    lines = [(made[order_id].id, line_id, amount)
             for _, order_id, _, units in picklists for line_id, amount in sorted(units.items())]
    connection.execute(_ADD_PICKLIST_LINES, {"picklist_ids": [line[0] for line in lines],
                                             "line_ids": [line[1] for line in lines],
                                             "amounts": [line[2] for line in lines]})
    return made

# Steps of the orders' trails by the warehouse, one change named for all: in the order given
# (ids follow it), each step's details under its key in the JSON object `details`.
_steps = (func.unnest(array("order_ids"), array("keys"))
          .table_valued("order_id", "key", with_ordinality="position").render_derived("steps"))
ADD_WAREHOUSE_STEPS = (insert(_changes)
                       .from_select(["order_id", "changed_by", "change", "details"],
                                    select(_steps.c.order_id, literal("warehouse"), bindparam("change", type_=String),
                                           by_key("details", _steps.c.key)).order_by(_steps.c.position))
                       .returning(_changes.c.order_id, _changes.c.created_at))

# What each line holds now.
_answered = (func.unnest(array("line_ids"), array("allocated"), array("shipped"), array("versions"))
             .table_valued("line_id", "allocated", "shipped", "version").render_derived("answered"))
SET_LINES = (update(_lines).where(_lines.c.id == _answered.c.line_id)
             .values(allocated=_answered.c.allocated, shipped=_answered.c.shipped,
                     reservation_version=_answered.c.version))


def set_lines(connection, changes) -> None:
    """Each line holds what its LineChange says: `changes` are (line id, LineChange)."""
    connection.execute(SET_LINES, {"line_ids": [line_id for line_id, _ in changes],
                                   "allocated": [change.allocated for _, change in changes],
                                   "shipped": [change.shipped for _, change in changes],
                                   "versions": [change.version for _, change in changes]})
