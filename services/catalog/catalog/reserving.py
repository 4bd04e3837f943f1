"""Reserving the lines of an order: orders asks while its client waits for the answer, so this
runs as a few plain statements rather than through the ORM: the products locked, their levels
locked (made if new) with what the events need to know, the lines asked before locked; then the
claims and the levels written in one statement. The rules are `catalog.reservation_rules`'; the
locks are taken in the order every change of stock takes them (`catalog.reservations`).
"""
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, Integer, Row, any_, bindparam, exists, func, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import Session

from catalog.exceptions import EXPECTED, InvalidReservation
from catalog.low_stock import announce_free_stock
from catalog.models import Product, Reservation, StockLevel
from catalog.reservations import require_same_place
from catalog.reservation_rules import Claim, serve_in_turn, wanted_again
from catalog.schemas import OrderLineClaimsInput, reservation_output
from catalog.stock import require_products
from catalog.waiting_reservations import announce_filled
from catalog.warehouses import require_warehouse
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

log = logging.getLogger(__name__)

_claims_input = OrderLineClaimsInput()
_products, _levels, _reservations = Product.__table__, StockLevel.__table__, Reservation.__table__
_RESERVATION_COLUMNS = [_reservations.c[name] for name in (
    "customer_id", "order_line_id", "product_id", "warehouse_id", "wanted", "amount", "consumed", "status", "version",
    "created_at")]


@dataclass
class _Line:
    """One order line's reservation as this call leaves it: what `reservation_output` answers."""

    customer_id: int
    order_line_id: int
    product_id: int
    warehouse_id: int
    wanted: int
    amount: int
    consumed: int = 0
    status: str = "reserved"
    version: int = 1
    created_at: datetime | None = None  # None: new in this call, so the last in turn
    written: bool = False  # as asked before (False when new)
    changed: bool = False

    @property
    def turn(self) -> tuple:
        return self.created_at is None, self.created_at or datetime.min, self.order_line_id


def reserve_order_lines(uow: UnitOfWork, customer_id: int, warehouse_id: int, lines) -> list[dict]:
    """Each order line claims its amount of a product in the warehouse (the lines of an order, or
    waiting lines asked again); each holds what free stock allows, in turn behind lines already
    waiting. Answers every line as it now stands, in the order asked: a line released or
    shipped earlier is answered as it is, holding nothing more."""
    lines = load(_claims_input, {"idwarehouse": warehouse_id, "lines": lines}, InvalidReservation)["lines"]
    session = uow.session
    products = _locked_products(session, customer_id, [line["idproduct"] for line in lines], warehouse_id)
    levels = _locked_levels(session, list(products), warehouse_id)
    before = _locked_lines(session, customer_id, [line["order_line_id"] for line in lines])
    answered = [_asked(line, before.get(line["order_line_id"]), customer_id, warehouse_id) for line in lines]
    asked = {line.order_line_id for line in answered}
    reserved = {product_id: 0 for product_id in products}  # the change of each level's reserved
    filled = []
    for product_id, level in levels.items():
        free = level.on_hand - level.reserved
        if free > 0:
            waiting_before = _locked_waiting(session, product_id, warehouse_id, before) if level.waiting else []
            reserved[product_id], served = _serve(free, waiting_before + [
                line for line in answered if line.product_id == product_id and line.status == "reserved"])
            filled += [line for line in served if line.order_line_id not in asked]
    _write(session, customer_id, warehouse_id, [*answered, *filled], reserved)
    announce_filled(uow, filled)
    free_before = {product_id: level.free_elsewhere + level.on_hand - level.reserved
                   for product_id, level in levels.items()}
    announce_free_stock(uow, products.values(), free_before,
                        {product_id: free - reserved[product_id] for product_id, free in free_before.items()})
    log.info("order lines %s in warehouse %s: %s of %s units held, the rest waits in turn",
             [line.order_line_id for line in answered], warehouse_id, sum(line.amount for line in answered),
             sum(line.wanted for line in answered))
    return reservation_output.dump(answered, many=True)


MAX_ORDERS_PER_CALL = 500


def reserve_orders_lines(uow: UnitOfWork, requests) -> list[dict]:
    """`reserve_order_lines` for several orders in one transaction (orders' allocator asks for
    everything that waits at once): each request `{customer_id, warehouse_id, lines}` is answered
    in the order asked, `{"reservations": [...]}` as `reserve_order_lines` answers, or
    `{"refused": {"error": name, "message": ...}}` when catalog refuses that order (an unknown
    warehouse or product, a line asked elsewhere before): its refusal is rolled back to a
    savepoint and the others are reserved. Every product asked for is locked first, in id order,
    so two batches (or a batch and any other change of stock, which locks products first) never
    wait for each other in a circle. The orders of one client and warehouse are reserved by one
    `reserve_order_lines` (new lines are served in order line order, so in the order the orders
    were placed); only if that is refused is each of them reserved on its own."""
    if not isinstance(requests, list) or not 0 < len(requests) <= MAX_ORDERS_PER_CALL:
        raise InvalidReservation(f"requests: a list of 1 to {MAX_ORDERS_PER_CALL} orders")
    session = uow.session
    session.connection().execute(_LOCK_PRODUCTS, {"product_ids": _product_ids(requests)})
    answers: list[dict | None] = [None] * len(requests)
    for group in _groups(requests).values():
        if len(group) > 1:
            lines = [request["lines"] for request in (requests[number] for number in group)]
            reserved = _reserved_or_refused(uow, requests[group[0]]["customer_id"], requests[group[0]]["warehouse_id"],
                                            [line for order_lines in lines for line in order_lines])
            if "reservations" in reserved:
                reserved_lines = iter(reserved["reservations"])
                for number, order_lines in zip(group, lines):
                    answers[number] = {"reservations": [next(reserved_lines) for _ in order_lines]}
                continue
        for number in group:
            request = requests[number]
            answers[number] = (_reserved_or_refused(uow, request.get("customer_id"), request.get("warehouse_id"),
                                                    request.get("lines")) if isinstance(request, dict) else
                               _refused(InvalidReservation("requests: each is {customer_id, warehouse_id, lines}")))
    return answers


def _groups(requests: list) -> dict[tuple, list[int]]:
    """The requests (by position) of each client and warehouse; one of its own for anything else."""
    groups: dict[tuple, list[int]] = {}
    for number, request in enumerate(requests):
        place = (request.get("customer_id"), request.get("warehouse_id")) if isinstance(request, dict) else None
        if (place is None or not all(isinstance(id_, int) for id_ in place)
                or not isinstance(request.get("lines"), list)):
            place = ("alone", number)
        groups.setdefault(place, []).append(number)
    return groups


def _reserved_or_refused(uow: UnitOfWork, customer_id, warehouse_id, lines) -> dict:
    savepoint = uow.session.begin_nested()
    try:
        reserved = reserve_order_lines(uow, customer_id, warehouse_id, lines)
    except EXPECTED as refusal:  # nothing of it was written or announced: refusals come first
        savepoint.rollback()
        return _refused(refusal)
    savepoint.commit()
    return {"reservations": reserved}


def _refused(refusal: Exception) -> dict:
    return {"refused": {"error": type(refusal).__name__, "message": str(refusal)}}


def _product_ids(requests: list) -> list[int]:
    ids = {line.get("idproduct") for request in requests if isinstance(request, dict)
           for line in (request.get("lines") if isinstance(request.get("lines"), list) else [])
           if isinstance(line, dict)}
    return sorted(id_ for id_ in ids if isinstance(id_, int) and not isinstance(id_, bool) and 0 < id_ < 2 ** 31)


def _asked(line: dict, before: Row | None, customer_id: int, warehouse_id: int) -> _Line:
    if before is None:
        return _Line(customer_id, line["order_line_id"], line["idproduct"], warehouse_id, wanted=line["amount"],
                     amount=0)
    asked = _Line(**before._mapping, written=True)
    require_same_place(asked, line["idproduct"], warehouse_id)
    if asked.status == "reserved":
        try:
            wanted = wanted_again(line["amount"], asked.consumed, asked.amount)
        except ValueError as refusal:
            raise InvalidReservation(f"lines: order line {asked.order_line_id} {refusal}") from None
        if wanted != asked.wanted:
            asked.wanted, asked.version, asked.changed = wanted, asked.version + 1, True
    return asked


def _serve(free: int, lines: list[_Line]) -> tuple[int, list[_Line]]:
    """Top up the lines in their turn from free stock; what more they hold now, and those that
    got some."""
    in_turn = sorted((line for line in lines if line.amount < line.wanted), key=lambda line: line.turn)
    holds, _ = serve_in_turn(free, [Claim(line.order_line_id, line.wanted, line.amount) for line in in_turn])
    served = [line for line in in_turn if holds[line.order_line_id] != line.amount]
    more = 0
    for line in served:
        more += holds[line.order_line_id] - line.amount
        line.amount, line.changed = holds[line.order_line_id], True
        if line.written:
            line.version += 1
    return more, served


def _locked_products(session: Session, customer_id: int, product_ids: list[int], warehouse_id: int) -> dict[int, Row]:
    """The customer's products, locked as `catalog.stock.locked_stock_levels` locks them, with
    what their events name."""
    require_warehouse(session, warehouse_id)
    ids = sorted(set(product_ids))
    found = session.connection().execute(_LOCKED_PRODUCTS, {"of_customer": customer_id, "product_ids": ids}).all()
    require_products(ids, [product.id for product in found])
    return {product.id: product for product in found}


def _locked_levels(session: Session, product_ids: list[int], warehouse_id: int) -> dict[int, Row]:
    """The products' levels in the warehouse, locked, with their free stock in the other
    warehouses and whether order lines wait for them (`_LOCKED_LEVELS`)."""
    rows = session.connection().execute(_LOCKED_LEVELS, {"product_ids": product_ids, "in_warehouse": warehouse_id})
    return {row.product_id: row for row in rows}


def _waiting():
    # The predicate of the partial index ix_reservations_waiting, so that it is used.
    return _reservations.c.status == "reserved", _reservations.c.amount < _reservations.c.wanted


def _locked_lines(session: Session, customer_id: int, order_line_ids: list[int]) -> dict[int, Row]:
    rows = session.connection().execute(_LOCKED_LINES, {"of_customer": customer_id, "order_line_ids": order_line_ids})
    return {row.order_line_id: row for row in rows}


def _locked_waiting(session: Session, product_id: int, warehouse_id: int, asked: dict[int, Row]) -> list[_Line]:
    """Other order lines waiting for the level, locked: served before this call's new lines."""
    rows = session.execute(
        select(*_RESERVATION_COLUMNS)
        .where(_reservations.c.product_id == product_id, _reservations.c.warehouse_id == warehouse_id, *_waiting())
        .order_by(_reservations.c.created_at, _reservations.c.order_line_id).with_for_update())
    return [_Line(**row._mapping, written=True) for row in rows if row.order_line_id not in asked]


def _write(session: Session, customer_id: int, warehouse_id: int, lines: list[_Line], reserved: dict[int, int]) -> None:
    new = [line for line in lines if not line.written]
    changed = [line for line in lines if line.written and line.changed]
    more = [(product_id, change) for product_id, change in reserved.items() if change]
    if new or changed or more:
        session.connection().execute(_WRITE, {
            "of_customer": customer_id, "in_warehouse": warehouse_id,
            **_arrays(new, "new_", "order_line_id", "product_id", "wanted", "amount"),
            **_arrays(changed, "changed_", "order_line_id", "wanted", "amount", "version"),
            "held_product_ids": [product_id for product_id, _ in more], "held_more": [change for _, change in more]})


def _arrays(lines: list[_Line], prefix: str, *names: str) -> dict[str, list]:
    return {prefix + name: [getattr(line, name) for line in lines] for name in names}


def _array(name: str, item=Integer):
    return bindparam(name, type_=ARRAY(item))


_LOCKED_PRODUCTS = (
    select(_products.c.id, _products.c.customer_id, _products.c.productcode, _products.c.name,
           _products.c.minimum_stock)
    .where(_products.c.customer_id == bindparam("of_customer"), _products.c.id == any_(_array("product_ids")))
    .order_by(_products.c.id).with_for_update(key_share=True))

_LOCK_PRODUCTS = (select(_products.c.id).where(_products.c.id == any_(_array("product_ids")))
                  .order_by(_products.c.id).with_for_update(key_share=True))

_LOCKED_LINES = (
    select(*_RESERVATION_COLUMNS)
    .where(_reservations.c.customer_id == bindparam("of_customer"),
           _reservations.c.order_line_id == any_(_array("order_line_ids", BigInteger)))
    .order_by(_reservations.c.order_line_id).with_for_update())

# Each product's level in the warehouse, locked: an upsert locks the row it finds and makes one
# at zero if there is none, in one statement, in product order. Run after the products' locks,
# which every change of their stock takes first, so what it reads of other warehouses and of
# waiting order lines is as the last change left it.
_locked = (insert(_levels)
           .from_select(["product_id", "warehouse_id", "on_hand", "reserved"],
                        select(func.unnest(_array("product_ids")), bindparam("in_warehouse"), literal(0), literal(0)))
           .on_conflict_do_update(index_elements=[_levels.c.product_id, _levels.c.warehouse_id],
                                  set_={"on_hand": _levels.c.on_hand})
           .returning(_levels.c.product_id, _levels.c.on_hand, _levels.c.reserved)
           .cte("locked"))
_elsewhere = _levels.alias("elsewhere")
_LOCKED_LEVELS = select(
    _locked,
    select(func.coalesce(func.sum(_elsewhere.c.on_hand - _elsewhere.c.reserved), 0))
    .where(_elsewhere.c.product_id == _locked.c.product_id, _elsewhere.c.warehouse_id != bindparam("in_warehouse"))
    .scalar_subquery().label("free_elsewhere"),
    exists().where(_reservations.c.product_id == _locked.c.product_id,
                   _reservations.c.warehouse_id == bindparam("in_warehouse"), *_waiting()).label("waiting"),
).order_by(_locked.c.product_id)

# The new lines, the changed ones and the levels' reserved stock in one statement; each part
# takes arrays, empty when it has nothing to write.
_new = func.unnest(_array("new_order_line_id", BigInteger), _array("new_product_id"), _array("new_wanted"),
                   _array("new_amount")).table_valued(
    "order_line_id", "product_id", "wanted", "amount").render_derived("new")
_changed = func.unnest(_array("changed_order_line_id", BigInteger), _array("changed_wanted"),
                       _array("changed_amount"), _array("changed_version")).table_valued(
    "order_line_id", "wanted", "amount", "version").render_derived("changed")
_held = func.unnest(_array("held_product_ids"), _array("held_more")).table_valued("product_id", "more").render_derived("held")
_WRITE = (
    update(_levels)
    .where(_levels.c.product_id == _held.c.product_id, _levels.c.warehouse_id == bindparam("in_warehouse"))
    .values(reserved=_levels.c.reserved + _held.c.more)
    .add_cte(
        insert(_reservations).from_select(
            ["customer_id", "order_line_id", "product_id", "warehouse_id", "wanted", "amount", "consumed", "status",
             "version"],
            select(bindparam("of_customer"), _new.c.order_line_id, _new.c.product_id, bindparam("in_warehouse"),
                   _new.c.wanted, _new.c.amount, literal(0), literal("reserved"), literal(1))).cte("new_lines"),
        update(_reservations)
        .where(_reservations.c.customer_id == bindparam("of_customer"),
               _reservations.c.order_line_id == _changed.c.order_line_id)
        .values(wanted=_changed.c.wanted, amount=_changed.c.amount, version=_changed.c.version).cte("changed_lines"))
)
