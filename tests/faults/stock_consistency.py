"""Whether orders and catalog agree on the stock held for every order line, read straight from
their databases (read-only) once the system has settled after a fault."""
import time
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, text

MOST_PROBLEMS_SHOWN = 40


@dataclass(frozen=True)
class Databases:
    orders: Engine
    catalog: Engine


@dataclass(frozen=True)
class Line:
    order_id: int
    line_id: int
    status: str
    warehouse_id: int | None
    product_id: int
    amount: int
    allocated: int
    backordered: int | None  # None: no backorder row
    shipped: int


@dataclass(frozen=True)
class Level:
    product_id: int
    warehouse_id: int
    on_hand: int
    reserved: int
    reservations: int  # the sum of its reservations with status reserved
    ledger: int  # the sum of its stock movements


@dataclass(frozen=True)
class Picklist:
    picklist_id: int
    status: str
    stock_consumption: str
    amount: int  # what its lines put on it (picked or not: a close takes both off the shelf)
    picked: int


@dataclass(frozen=True)
class State:
    lines: tuple[Line, ...]
    held: tuple[tuple[int, int], ...]  # (order line id, amount) of catalog's reserved reservations
    levels: tuple[Level, ...]
    consumed: tuple[tuple[int, int], ...] = ()  # (order line id, shipped) of catalog's reservations
    picklists: tuple[Picklist, ...] = ()
    moved: tuple[tuple[str, int, int], ...] = ()  # (picklist id, movements, their sum) of catalog's ledger


def read_state(databases: Databases, customer_ids: list[int]) -> State:
    """One statement per database, so each side is a consistent snapshot of itself."""
    with databases.orders.connect() as orders:
        lines = orders.execute(text("""
            SELECT o.id, l.id, o.status, o.warehouse_id, l.product_id, l.amount, l.allocated, b.amount, l.shipped
            FROM orders o JOIN order_lines l ON l.order_id = o.id LEFT JOIN backorders b ON b.order_line_id = l.id
            WHERE o.customer_id = ANY(:customers) ORDER BY l.id"""), {"customers": customer_ids}).all()
        picklists = orders.execute(text("""
            SELECT p.id, p.status, p.stock_consumption, sum(pl.amount), sum(pl.amount_picked)
            FROM picklists p JOIN picklist_lines pl ON pl.picklist_id = p.id
            WHERE p.customer_id = ANY(:customers) GROUP BY p.id ORDER BY p.id"""), {"customers": customer_ids}).all()
    with databases.catalog.connect() as catalog:
        held = catalog.execute(text("""
            SELECT order_line_id, amount FROM reservations
            WHERE customer_id = ANY(:customers) AND status = 'reserved' AND amount > 0 ORDER BY order_line_id"""),
                               {"customers": customer_ids}).all()
        levels = catalog.execute(text("""
            SELECT s.product_id, s.warehouse_id, s.on_hand, s.reserved,
                   (SELECT coalesce(sum(r.amount), 0) FROM reservations r WHERE r.status = 'reserved'
                    AND (r.product_id, r.warehouse_id) = (s.product_id, s.warehouse_id)),
                   (SELECT coalesce(sum(m.change), 0) FROM stock_movements m
                    WHERE (m.product_id, m.warehouse_id) = (s.product_id, s.warehouse_id))
            FROM stock_levels s JOIN products p ON p.id = s.product_id
            WHERE p.customer_id = ANY(:customers) ORDER BY s.product_id, s.warehouse_id"""),
                                 {"customers": customer_ids}).all()
        consumed = catalog.execute(text("""
            SELECT order_line_id, consumed FROM reservations WHERE customer_id = ANY(:customers) AND consumed > 0
            ORDER BY order_line_id"""), {"customers": customer_ids}).all()
        moved = catalog.execute(text("""
            SELECT reference_id, count(*), sum(change) FROM stock_movements
            WHERE customer_id = ANY(:customers) AND reference_type = 'picklist'
            GROUP BY reference_id ORDER BY reference_id"""), {"customers": customer_ids}).all()
    return State(tuple(Line(*row) for row in lines), tuple(map(tuple, held)), tuple(Level(*row) for row in levels),
                 tuple(map(tuple, consumed)), tuple(Picklist(*row) for row in picklists), tuple(map(tuple, moved)))


def line_problems(state: State) -> list[str]:
    """Invariant 1: orders' allocation of each line is what catalog holds for it."""
    held = dict(state.held)
    problems = []
    for line in state.lines:
        name = f"order {line.order_id} ({line.status}) line {line.line_id}"
        catalog_holds = held.pop(line.line_id, 0)
        if line.status in ("processing", "completed"):
            if line.allocated != catalog_holds:
                problems.append(f"{name}: orders allocated {line.allocated}, catalog reserved {catalog_holds}")
            if line.allocated + (line.backordered or 0) + line.shipped != line.amount:
                problems.append(f"{name}: allocated {line.allocated} + backordered {line.backordered or 0} "
                                f"+ shipped {line.shipped} != amount {line.amount}")
        elif line.status in ("concept", "cancelled") and catalog_holds:
            problems.append(f"{name}: orders allocated {line.allocated}, catalog still reserves {catalog_holds}")
        if line.status == "cancelled" and line.backordered is not None:
            problems.append(f"{name}: still waits for a backorder of {line.backordered}")
    # What catalog holds for a line orders does not have (an order whose transaction rolled back).
    problems += [f"line {line_id} unknown to orders: catalog reserved {amount}" for line_id, amount in held.items()]
    return problems + shipped_problems(state)


def shipped_problems(state: State) -> list[str]:
    """Invariant 4: what each line shipped is what catalog consumed for it, and each closed
    picklist took its units off the shelf exactly once (one ledger movement per product, summing
    to what was on it), and only a closed one did."""
    consumed = dict(state.consumed)
    problems = [f"order {line.order_id} line {line.line_id}: orders shipped {line.shipped}, catalog consumed "
                f"{consumed.get(line.line_id, 0)}" for line in state.lines if line.shipped != consumed.get(line.line_id, 0)]
    moved = {reference: (count, change) for reference, count, change in state.moved}
    for picklist in state.picklists:
        count, change = moved.pop(str(picklist.picklist_id), (0, 0))
        if picklist.status == "closed" and picklist.stock_consumption != "recorded":
            problems.append(f"picklist {picklist.picklist_id}: closed, its consumption still {picklist.stock_consumption}")
        expected = -picklist.amount if picklist.status == "closed" else 0
        if change != expected or (expected and count < 1):
            problems.append(f"picklist {picklist.picklist_id} ({picklist.status}): the ledger moved {change} in "
                            f"{count} movements, not {expected}")
    return problems + [f"ledger movements of picklist {reference} unknown to orders: {change}"
                       for reference, (_, change) in moved.items()]


def level_problems(state: State) -> list[str]:
    """Invariants 2 and 3: each stock level agrees with its reservations and its ledger, and no
    stock sits free while an order waits for it."""
    waiting: dict[tuple[int, int], int] = {}
    for line in state.lines:
        if line.status == "processing" and line.backordered:
            key = (line.product_id, line.warehouse_id)
            waiting[key] = waiting.get(key, 0) + line.backordered
    problems = []
    for level in state.levels:
        name = f"product {level.product_id} in warehouse {level.warehouse_id}"
        if level.reserved != level.reservations:
            problems.append(f"{name}: reserved {level.reserved}, its reservations sum to {level.reservations}")
        if not 0 <= level.reserved <= level.on_hand:
            problems.append(f"{name}: reserved {level.reserved} of {level.on_hand} on hand")
        if level.on_hand != level.ledger:
            problems.append(f"{name}: {level.on_hand} on hand, its ledger sums to {level.ledger}")
        free, waits = level.on_hand - level.reserved, waiting.get((level.product_id, level.warehouse_id), 0)
        if free > 0 and waits > 0:
            problems.append(f"{name}: {free} free while orders wait for {waits}")
    return problems


def assert_stock_consistent(databases: Databases, customer_ids: list[int], within: float = 30,
                            besides: Iterable[str] = ()) -> State:
    """Wait until the stock of these customers has settled (two reads a second apart agree) and
    holds every invariant; fail after `within` seconds with what differs, together with the
    problems the test found before (`besides`), so that one run shows them all."""
    deadline, previous = time.monotonic() + within, None
    while True:
        state = read_state(databases, customer_ids)
        problems, settled = line_problems(state) + level_problems(state), state == previous
        # Settled but wrong is not the end: the reconciliation may not have run yet.
        if (settled and not problems) or time.monotonic() > deadline:
            break
        previous = state
        time.sleep(1)
    if problems:
        problems.insert(0, f"stock inconsistent {'once settled' if settled else 'and still changing'} "
                           f"after {within:.0f} s:")
    elif not settled:
        problems = [f"stock still changing after {within:.0f} s"]
    found = [*besides, *problems]
    assert not found, listing(found)
    return state


def listing(problems: list[str]) -> str:
    hidden = len(problems) - MOST_PROBLEMS_SHOWN
    return "\n".join(problems[:MOST_PROBLEMS_SHOWN] + ([f"… and {hidden} more"] if hidden > 0 else []))


def ledger_movements(catalog: Engine, customer_id: int, reference_type: str) -> dict[tuple[str, int], list[int]]:
    """(reference id, product) → the customer's ledger movements that reference it, of one type
    ("receipt", "return"): each should be there exactly once."""
    with catalog.connect() as connection:
        rows = connection.execute(text("""
            SELECT reference_id, product_id, change FROM stock_movements
            WHERE customer_id = :customer AND reference_type = :type"""),
                                  {"customer": customer_id, "type": reference_type}).all()
    found: dict[tuple[str, int], list[int]] = {}
    for reference_id, product, change in rows:
        found.setdefault((reference_id, product), []).append(change)
    return found
