"""The client's order a portal page is about, or 404."""
from flask import abort
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal.session_user import current_customer_id
from gateway.order_scope import order_in_scope


def order_or_404(order_id: int) -> dict:
    """The client's order, if the user sees it (gateway.order_scope)."""
    try:
        order = rpc_client().orders.get_order(current_customer_id(), order_id)
    except RemoteError as error:
        if error.exc_type == "OrderNotFound":
            abort(404)
        raise
    if not order_in_scope(order):
        abort(404)
    return order
