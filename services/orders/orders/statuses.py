"""An order's life, in Picqer's statuses: concept → processing → completed, or cancelled on the
way; the steps of processing (being picked, partly shipped) show in its picklists. And the rules
for what a client may still change at each step."""

CONCEPT = "concept"        # placed, waiting for the warehouse to check and process it
PROCESSING = "processing"  # processed: stock reserved (or backordered), picked and shipped on picklists
COMPLETED = "completed"    # every picklist closed, nothing waits
CANCELLED = "cancelled"

STATUSES = (CONCEPT, PROCESSING, COMPLETED, CANCELLED)

# Until when a client may still change the delivery address or cancel; the operator sets it per
# client: PROCESSING (only while the order is a concept, until the warehouse processes it) or
# PICKING (the default: until the first product of the order is picked).
PICKING = "picking"
CHANGES_ALLOWED_UNTIL = (PROCESSING, PICKING)
DEFAULT_CHANGES_ALLOWED_UNTIL = PICKING


def client_may_change(status: str, picking_started: bool = False, until: str = DEFAULT_CHANGES_ALLOWED_UNTIL) -> bool:
    """True while the order has not yet reached `until` (a cancelled or completed order never)."""
    if status == CONCEPT:
        return True
    return status == PROCESSING and until == PICKING and not picking_started


def step(status: str, picking_started: bool) -> str:
    """The status as the client reads it: processing, once picking started, is "picking"."""
    return PICKING if status == PROCESSING and picking_started else status


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


# A picklist's statuses, as Picqer's: new (to pick), closed (picked and shipped), cancelled (its
# order was cancelled before picking started).
PICKLIST_NEW = "new"
PICKLIST_CLOSED = "closed"
PICKLIST_CANCELLED = "cancelled"
PICKLIST_STATUSES = (PICKLIST_NEW, PICKLIST_CLOSED, PICKLIST_CANCELLED)

# Where a closed picklist stands with catalog about the stock it took off the shelf: orders
# commits the close, then asks catalog to ship its lines (`consume_order_lines`), then records
# the answer; the reconciliation asks again what was asked and not answered.
CONSUMPTION_STATES = (NOT_ASKED, ASKED, RECORDED)


# A return's statuses, as Picqer's: announced by the client, received by the warehouse, then
# completed (replacements become a new order) or rejected. Each step only from the one before it.
RETURN_ANNOUNCED = "announced"
RETURN_RECEIVED = "received"
RETURN_COMPLETED = "completed"
RETURN_REJECTED = "rejected"
RETURN_STATUSES = (RETURN_ANNOUNCED, RETURN_RECEIVED, RETURN_COMPLETED, RETURN_REJECTED)
RETURN_STEPS = {RETURN_ANNOUNCED: (RETURN_RECEIVED, RETURN_REJECTED),
                RETURN_RECEIVED: (RETURN_COMPLETED, RETURN_REJECTED)}
