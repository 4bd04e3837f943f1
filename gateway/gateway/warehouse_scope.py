"""Which of its client's warehouses the signed-in user, or the API key, sees: a client admin may
limit a user to some (users page), and a key made in the portal sees its maker's. Stock, its
history, orders processed elsewhere and their backorders outside those warehouses are left out
of every portal page and API answer; an order processed elsewhere is not found."""
from flask import g


def warehouse_scope() -> list[int] | None:
    """The portal user's or API key's warehouses, or None: all of them."""
    return (g.get("user") or g.get("api_key") or {}).get("warehouse_ids")


def in_scope(warehouse_id: int | None) -> bool:
    scope = warehouse_scope()
    return scope is None or warehouse_id in scope


def order_in_scope(order: dict) -> bool:
    """Processed in one of the user's warehouses, or not processed yet (no warehouse chosen)."""
    return order.get("idwarehouse") is None or in_scope(order["idwarehouse"])


def visible_warehouses(names: dict[int, str]) -> dict[int, str]:
    return {warehouse_id: name for warehouse_id, name in names.items() if in_scope(warehouse_id)}


def scoped_product(product: dict) -> dict:
    """The product with only the user's warehouses in its stock, and free stock summed over those."""
    if warehouse_scope() is None:
        return product
    stock = [level for level in product["stock"] if in_scope(level["idwarehouse"])]
    return {**product, "stock": stock, "freestock": sum(level["freestock"] for level in stock)}


def with_warehouse_scope(filters: dict | None) -> dict | None:
    """List filters for the services, narrowed to the user's warehouses if it is limited."""
    scope = warehouse_scope()
    return filters if scope is None else {**(filters or {}), "idwarehouses": scope}
