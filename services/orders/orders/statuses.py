"""An order's life: concept → processing → picking → shipped, or cancelled on the way; and the
rules for what a client may still change at each step."""

CONCEPT = "concept"        # placed, waiting for the warehouse to check and process it
PROCESSING = "processing"  # processed: stock allocated, or partly backordered
PICKING = "picking"        # the warehouse is picking it
SHIPPED = "shipped"
CANCELLED = "cancelled"

FLOW = (CONCEPT, PROCESSING, PICKING, SHIPPED)
STATUSES = FLOW + (CANCELLED,)

# Until which status a client may still change the address or cancel (the operator can set an
# earlier one per client later): by default, until picking starts.
DEFAULT_CLIENT_CHANGES_UNTIL = PROCESSING


def client_may_change(status: str, until: str = DEFAULT_CLIENT_CHANGES_UNTIL) -> bool:
    return status in FLOW and FLOW.index(status) <= FLOW.index(until)
