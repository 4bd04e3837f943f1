"""/api/v1/tags: each client's tags, as Picqer's (`idtag`, `title`, `color`, `inherit`, `textColor`),
and the tags on its orders (`/orders/{id}/tags`). A customer key has its own client's; an
operator key every client's, or one client's with `idfulfilment_customer` (which it names to
create one). Orders carry their tags by title: `tag=` filters /orders by it."""
from flask import g

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import for_key_scope, refuse_unknown_arguments, required_customer
from gateway.api.orders import find_key_order
from gateway.api.picqer_fields import tag_fields
from gateway.api.picqer_format import json_body, offset_argument


def _key_tag(tag_id: int) -> dict:
    orders = rpc_client().orders
    return for_key_scope(orders.get_tag, orders.get_tag_of_any_customer, tag_id)


def _by() -> str:
    return f"API key {g.api_key['name']}"


@blueprint.get("/tags")
def list_tags():
    """The tags, oldest first, 100 a page."""
    refuse_unknown_arguments()
    orders = rpc_client().orders
    return for_key_scope(orders.list_tags, orders.list_tags_of_all_customers, offset_argument())


@blueprint.post("/tags")
def create_tag():
    """`{"title": "Shopify", "color": "#823882", "inherit": false}` → 201 with the tag; `color`
    defaults to grey and `inherit` to false. A title the client has already, whatever its case,
    is a conflict (409)."""
    body = json_body()
    customer_id = required_customer(body.pop("idfulfilment_customer", None))
    return rpc_client().orders.create_tag(customer_id, body), 201


@blueprint.get("/tags/<int:tag_id>")
def get_tag(tag_id: int):
    return _key_tag(tag_id)


@blueprint.put("/tags/<int:tag_id>")
def update_tag(tag_id: int):
    """Rename or recolour: `{"title": "Mosley"}` (or Picqer's `name`) → the tag; only the fields
    named change. Orders carrying it show the new title and colour at once. Another of the
    client's tags' title is a conflict (409)."""
    tag = _key_tag(tag_id)
    return rpc_client().orders.update_tag(tag["idfulfilment_customer"], tag_id, tag_fields(json_body()))


@blueprint.delete("/tags/<int:tag_id>")
def delete_tag(tag_id: int):
    """Delete the tag: it is taken off every order that carried it. 204."""
    tag = _key_tag(tag_id)
    rpc_client().orders.delete_tag(tag["idfulfilment_customer"], tag_id, _by())
    return "", 204


@blueprint.get("/orders/<int:order_id>/tags")
def list_order_tags(order_id: int):
    order = find_key_order(order_id)
    return rpc_client().orders.list_order_tags(order["idfulfilment_customer"], order_id)


@blueprint.post("/orders/<int:order_id>/tags")
def add_order_tag(order_id: int):
    """`{"idtag": 3}` puts one of the client's tags on the order; the order's tags. Again: no change."""
    order = find_key_order(order_id)
    return rpc_client().orders.add_order_tag(order["idfulfilment_customer"], order_id, json_body().get("idtag"),
                                             _by())


@blueprint.delete("/orders/<int:order_id>/tags/<int:tag_id>")
def remove_order_tag(order_id: int, tag_id: int):
    """Take the tag off the order. 204; a tag the order does not carry is 404."""
    order = find_key_order(order_id)
    rpc_client().orders.remove_order_tag(order["idfulfilment_customer"], order_id, tag_id, _by())
    return "", 204
