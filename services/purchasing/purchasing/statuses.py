"""A purchase order's life, as Picqer's: concept → purchased → received, or cancelled on the way;
and the rule for what a client may still change."""

CONCEPT = "concept"      # being put together by the client; the warehouse expects nothing yet
PURCHASED = "purchased"  # announced: the warehouse expects the goods in the client's warehouse for purchase orders
RECEIVED = "received"    # every line received in full
CANCELLED = "cancelled"

STATUSES = (CONCEPT, PURCHASED, RECEIVED, CANCELLED)
OPEN = (CONCEPT, PURCHASED)  # goods may still come: lines count as expected inbound


def client_may_change(status: str, received_anything: bool) -> bool:
    """Lines, details and cancelling are the client's until the warehouse has received anything."""
    return status in OPEN and not received_anything


# A stock transfer's life (as Orderhive's): to ship → received, or cancelled while not received.
TO_SHIP = "to_ship"
TRANSFER_STATUSES = (TO_SHIP, RECEIVED, CANCELLED)
