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

