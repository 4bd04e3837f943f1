"""What an order line holds of its stock and what it still waits for, as plain functions over
plain data: the catalog decides what each line gets (it holds the stock), orders keeps its
answers, the newest one per line.

The catalog numbers every change of a line's reservation (`version`); answers can arrive late
and out of order (an answer to a call, a fill announced by an event, a reconciliation), so a
line takes an answer only if it is newer than the one it has.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class LineHolding:
    """An order line as orders knows it: of `amount`, `shipped` left on closed picklists and
    `allocated` is held for it, per catalog's `version`; the rest waits."""

    line_id: int
    amount: int
    allocated: int
    version: int
    shipped: int = 0

    @property
    def waiting(self) -> int:
        return self.amount - self.shipped - self.allocated


@dataclass(frozen=True)
class CatalogAnswer:
    """What catalog holds for a line (`reserve_order_lines`, `reservations_filled`, ...)."""

    line_id: int
    held: int
    status: str  # reserved | released | consumed (shipped in full)
    version: int
    consumed: int = 0  # shipped on closed picklists

    @classmethod
    def from_reservation(cls, reservation: dict) -> "CatalogAnswer":
        return cls(reservation["order_line_id"], reservation["amount"], reservation["status"], reservation["version"],
                   reservation.get("consumed", 0))


@dataclass(frozen=True)
class LineChange:
    """A line after an answer: what it holds and what it still waits for; `filled` when it
    waited before and waits no more."""

    line_id: int
    allocated: int
    waiting: int
    version: int
    filled: bool
    shipped: int = 0


def take_answer(line: LineHolding, answer: CatalogAnswer) -> LineChange | None:
    """The line after catalog's answer, or None when the answer is not newer than what the line
    has (a late or repeated answer changes nothing)."""
    if answer.line_id != line.line_id:
        raise ValueError(f"answer for line {answer.line_id} given to line {line.line_id}")
    if answer.version <= line.version:
        return None
    if answer.status == "released":  # the order was cancelled: nothing held, nothing waits
        return LineChange(line.line_id, 0, 0, answer.version, filled=False, shipped=line.shipped)
    shipped = min(answer.consumed, line.amount)
    allocated = min(answer.held, line.amount - shipped)
    waiting = line.amount - shipped - allocated if answer.status == "reserved" else 0
    return LineChange(line.line_id, allocated, waiting, answer.version,
                      filled=line.waiting > 0 and waiting == 0 and line.version > 0, shipped=shipped)


def still_waiting(lines: list[LineHolding]) -> int:
    """Units of the order that still wait for stock."""
    return sum(line.waiting for line in lines)

