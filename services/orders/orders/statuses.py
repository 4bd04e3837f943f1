"""An order's life: concept → processing → picking → shipped, or cancelled on the way; and the
rules for what a client may still change at each step."""

CONCEPT = "concept"        # placed, waiting for the warehouse to check and process it
PROCESSING = "processing"  # processed: stock allocated, or partly backordered
PICKING = "picking"        # the warehouse is picking it
SHIPPED = "shipped"
CANCELLED = "cancelled"

FLOW = (CONCEPT, PROCESSING, PICKING, SHIPPED)
STATUSES = FLOW + (CANCELLED,)

# Until which status a client may still change the delivery address or cancel; the operator
# sets it per client: PROCESSING (only while the order is a concept, until the warehouse processes
# it) or PICKING (the default: until picking starts).
CHANGES_ALLOWED_UNTIL = (PROCESSING, PICKING)
DEFAULT_CHANGES_ALLOWED_UNTIL = PICKING


def client_may_change(status: str, until: str = DEFAULT_CHANGES_ALLOWED_UNTIL) -> bool:
    """True while the order has not yet reached `until` (a cancelled order never)."""
    return status in FLOW and FLOW.index(status) < FLOW.index(until)


# Where orders stands with catalog about an order's stock. Catalog holds the stock; orders asks
# after its own commit and records the answer in a transaction of its own, so each step can be
# repeated (the reconciliation in orders.stock_reservations repeats what was asked and not
# answered).
NOT_ASKED = "not asked"          # a concept: catalog holds nothing for it
ASKED = "asked"                  # processing: catalog asked to reserve its lines; answer not recorded yet
RECORDED = "recorded"            # catalog's answer is on the lines (what is missing is backordered)
RELEASE_ASKED = "release asked"  # cancelled: catalog asked to give its stock back; not confirmed yet
RELEASED = "released"            # cancelled, and catalog holds nothing for it
RESERVATION_STATES = (NOT_ASKED, ASKED, RECORDED, RELEASE_ASKED, RELEASED)
