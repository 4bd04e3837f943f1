"""The rules of reserving stock for order lines, as plain functions over plain data.

A reservation is one order line's claim on one product in one warehouse: it *wants* the line's
amount and *holds* what free stock allowed. What it still misses waits, and is served first
come, first served as stock comes free (a receipt, a correction, a cancelled order), before any
newer claim can take it: free stock and a waiting claim never exist side by side.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    """One line's claim, as asked or as it stands: `held` of `wanted`."""

    order_line_id: int
    wanted: int
    held: int = 0

    @property
    def missing(self) -> int:
        return self.wanted - self.held


def reservable(free: int, wanted: int, held: int) -> int:
    """What a line holds after asking for `wanted` in all: what it held, topped up from free
    stock up to `wanted`. Asking again never shrinks it (a release does that)."""
    return held + max(0, min(wanted - held, free))


def serve_in_turn(free: int, claims: list[Claim]) -> tuple[dict[int, int], int]:
    """Top up each claim in the order given (oldest first) until free stock runs out.

    Returns what each claim holds afterwards, by order line, and the free stock left.
    """
    holds = {}
    for claim in claims:
        held = reservable(free, claim.wanted, claim.held)
        free -= held - claim.held
        holds[claim.order_line_id] = held
    return holds, free


def wanted_again(amount: int, consumed: int, held: int) -> int:
    """What a line asked again wants now: `amount` is the line's whole amount, what shipped of
    it (`consumed`) included. It may want more than before, never less than it holds (a release
    gives stock back, not a smaller claim)."""
    wanted = amount - consumed
    if wanted < held:
        raise ValueError(f"holds {held}; it cannot want only {amount}")
    return wanted


@dataclass(frozen=True)
class Consumption:
    """A line's reservation after its picklist closed: what it still wants and holds, and what
    left the shelf, shipped or not picked."""

    wanted: int
    held: int
    shipped: int
    not_picked: int

    @property
    def off_the_shelf(self) -> int:
        return self.shipped + self.not_picked


def consume(wanted: int, held: int, on_picklist: int, picked: int) -> Consumption:
    """Closing a picklist that put `on_picklist` of the line's held units on it, `picked` of
    them picked. The picked units ship. A unit not picked is one that was not there to ship
    (missing, damaged): it leaves the shelf too, so that no later order is promised it, and the
    line wants it still: it waits for it in its turn, as a backorder. The line wants and holds
    the rest as before."""
    if not 0 < on_picklist <= held:
        raise ValueError(f"the picklist has {on_picklist} of the line, which holds {held}")
    if not 0 <= picked <= on_picklist:
        raise ValueError(f"{picked} picked of the {on_picklist} on the picklist")
    return Consumption(wanted=wanted - picked, held=held - on_picklist, shipped=picked,
                       not_picked=on_picklist - picked)
