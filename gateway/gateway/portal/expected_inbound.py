"""What is on its way (open purchase orders, stock transfers to ship) next to free stock and what
waits in backorders, for the dashboard and the product page: a client sees when a backorder will
be filled. Limited to the warehouses the user sees."""
from gateway import rpc_client
from gateway.portal.session_user import current_customer_id
from gateway.warehouse_scope import scoped_product, with_warehouse_scope


def product_inbound_calls(customer_id: int, product_id: int) -> dict[str, tuple]:
    """For `RpcClient.call_all`: what is on its way for one product (purchasing's
    list_expected_inbound) and its oldest backorders (up to 100), in the user's warehouses."""
    scoped = with_warehouse_scope({"idproduct": product_id})
    return {"inbound": ("purchasing", "list_expected_inbound", customer_id, scoped),
            "backorders": ("orders", "list_backorders", customer_id, 0, scoped)}


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
