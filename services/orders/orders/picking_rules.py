"""The rules of picklists, as plain functions over plain data: what goes on a new picklist, how
many of a line are picked, and when an order is complete."""
from orders.exceptions import InvalidPicklist


def to_put_on_a_picklist(held: dict[int, int], on_open_picklists: dict[int, int]) -> dict[int, int]:
    """Per order line, what it holds in catalog and is on no open picklist yet: a new picklist's
    lines (none when everything held is on one already)."""
    return {line: units - on_open_picklists.get(line, 0) for line, units in held.items()
            if units > on_open_picklists.get(line, 0)}


def picked_after(name: str, amount: int, picked: int, more: int | None) -> int:
    """What is picked of a picklist line after picking `more` of it (None: all that is left);
    refuses a count that is not a whole number of 1 or more, or more than is on the picklist."""
    if more is None:
        return amount
    if not isinstance(more, int) or isinstance(more, bool) or more < 1:
        raise InvalidPicklist("amount: must be a whole number, 1 or more")
    if picked + more > amount:
        raise InvalidPicklist(f"amount: {name} is on the picklist {amount} times and {picked} are picked; "
                              f"{more} more is too many")
    return picked + more


def is_complete(open_picklists: int, held: int, waiting: int) -> bool:
    """An order is complete once every picklist is closed and nothing is held or waits for it."""
    return open_picklists == 0 and held == 0 and waiting == 0
