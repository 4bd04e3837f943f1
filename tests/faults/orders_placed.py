"""Orders the clients of a fault test placed, as orders recorded them: each one a client was
told was made exists once, whatever the faults and retries."""
from sqlalchemy import Engine, text


def references(orders: Engine, customer_id: int) -> dict[str, list[int]]:
    """The customer's order ids per reference."""
    with orders.connect() as connection:
        rows = connection.execute(text("SELECT reference, id FROM orders WHERE customer_id = :customer ORDER BY id"),
                                  {"customer": customer_id}).all()
    found: dict[str, list[int]] = {}
    for reference, order_id in rows:
        found.setdefault(reference, []).append(order_id)
    return found


def succeeded(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def orders_made_once(orders: Engine, customer_id: int, answers: dict[str, int | None]) -> list[str]:
    """Every order a client was told was made (2xx) exists once; no retry made one twice."""
    made = references(orders, customer_id)
    problems = [f"order {reference} answered {status} but exists {len(made.get(reference, []))} times"
                for reference, status in answers.items()
                if succeeded(status) and len(made.get(reference, [])) != 1]
    return problems + [f"order {reference} exists {len(ids)} times: {ids}" for reference, ids in made.items()
                       if len(ids) > 1 and reference not in answers]
