"""What is on its way (open purchase orders, stock transfers to ship) next to free stock and what
waits in backorders, for the dashboard and the product page: a client sees when a backorder will
be filled. Limited to the warehouses the user sees."""
from gateway import rpc_client
from gateway.portal.session_user import current_customer_id
from gateway.warehouse_scope import scoped_product, with_warehouse_scope


def expected_inbound(product_id: int | None = None) -> list[dict]:
    """Per product, soonest first (purchasing's list_expected_inbound)."""
    filters = {"idproduct": product_id} if product_id is not None else {}
    return rpc_client().purchasing.list_expected_inbound(current_customer_id(), with_warehouse_scope(filters))


def backordered_amounts(product_id: int | None = None) -> dict[int, int]:
    """Per product, the amount the oldest backorders (up to 100) wait for."""
    filters = {"idproduct": product_id} if product_id is not None else {}
    return amounts_waiting(rpc_client().orders.list_backorders(current_customer_id(), 0, with_warehouse_scope(filters)))


def amounts_waiting(backorders: list[dict]) -> dict[int, int]:
    amounts: dict[int, int] = {}
    for backorder in backorders:
        amounts[backorder["idproduct"]] = amounts.get(backorder["idproduct"], 0) + backorder["amount"]
    return amounts


def inbound_rows(rows: list[dict], backorders: list[dict]) -> list[dict]:
    """The dashboard's rows: each product on its way with its free stock and what waits for it."""
    if not rows:
        return []
    products = {p["idproduct"]: scoped_product(p) for p in rpc_client().catalog.find_products(
        current_customer_id(), [row["idproduct"] for row in rows], [])}
    waiting = amounts_waiting(backorders)
    return [{**row, "freestock": products[row["idproduct"]]["freestock"] if row["idproduct"] in products else 0,
             "backordered": waiting.get(row["idproduct"], 0)} for row in rows]
