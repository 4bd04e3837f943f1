"""Which of its client's webshops the signed-in user, or the API key, sees: a client admin may
limit a user to some (`idwebshops`), and a key made in the portal sees its maker's. A shop
outside them is not found, exactly like another client's."""
from flask import g


def webshop_scope() -> list[int] | None:
    """The portal user's or API key's webshops, or None: all of them."""
    return (g.get("user") or g.get("api_key") or {}).get("webshop_ids")


def webshop_in_scope(webshop_id: int) -> bool:
    scope = webshop_scope()
    return scope is None or webshop_id in scope
