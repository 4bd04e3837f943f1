"""Asking catalog for an order's stock (reserving it, releasing it, shipping a closed picklist's
lines), between orders' own transactions, and the reconciliation that repeats what was asked and
not answered.

Each step commits before it calls and calls before it records, so no row of orders is locked
while catalog works; each call may be repeated (catalog answers by order line). A catalog that
does not answer leaves the order asked (`statuses.ASKED`, `statuses.RELEASE_ASKED`): the
reconciliation asks again every `ALLOCATION_RECONCILE_SECONDS` until it is answered, and
compares what waiting lines hold with what catalog holds for them, repairing (and logging) any
difference. So an accepted order ends up either processed, with its reservations recorded on
both sides, or a concept with nothing held in catalog; and a closed picklist's lines are shipped
once, in catalog and in orders (catalog applies a picklist once).
"""
import logging

from nameko.exceptions import RemoteError

from orders import allocation, fills, first_answer, lookup, picklists, returns
from orders.exceptions import InvalidOrder, ProductNotFound, WarehouseNotFound
from servicekit.database import ServiceDatabase
from servicekit.repairs import count_repair
from servicekit.rpc import ServiceUnavailable

log = logging.getLogger(__name__)

UNANSWERED_PER_ROUND = 100
WAITING_LINES_PER_ROUND = 1000
# catalog's refusals that orders passes on as its own (errors cross RPC by name)
_OWN_ERRORS = {error.__name__: error for error in (WarehouseNotFound, ProductNotFound)}


def reserve_for_order(db: ServiceDatabase, catalog, order: dict, pass_on_refusal: bool) -> dict:
    """Ask catalog to reserve the lines of an order (as just committed) that asked, and record its
    answer. Without an answer the order stays asked. If catalog refuses (it then holds nothing),
    the order is a concept again; with `pass_on_refusal` the caller hears why."""
    request = allocation.reservation_request(order)
    if request is None:
        return order
    customer_id, order_id = order["idfulfilment_customer"], order["idorder"]
    try:
        answers = catalog.reserve_order_lines(customer_id, request["warehouse_id"], request["lines"])
    except ServiceUnavailable as error:
        log.warning("order %s: stock not reserved yet (%s); asked again later", order_id, error)
        return order
    except RemoteError as refusal:
        order = db.change(allocation.undo_processing, customer_id, order_id, refusal.value)
        if pass_on_refusal:
            raise _OWN_ERRORS.get(refusal.exc_type, InvalidOrder)(refusal.value) from None
        log.warning("order %s not processed: catalog refused its stock (%s)", order_id, refusal.value)
        return order
    recorded = db.change(first_answer.record_first_reservations, order, answers)
    log.info("order %s: catalog holds %s of the %s units it wants", order_id,
             sum(answer["amount"] for answer in answers), sum(answer["wanted"] for answer in answers))
    return recorded


def release_for_order(db: ServiceDatabase, catalog, customer_id: int, order_id: int) -> None:
    """Ask catalog to give back what it holds for a cancelled order, and record that it did."""
    request = db.read(allocation.release_request, customer_id, order_id)
    if request is None:
        return
    try:
        answers = catalog.release_order_lines(customer_id, request["warehouse_id"], request["lines"])
    except (ServiceUnavailable, RemoteError) as error:
        log.warning("order %s: stock not released yet (%s); asked again later", order_id, error)
        return
    db.change(allocation.record_release, customer_id, order_id, answers)


def consume_for_picklist(db: ServiceDatabase, catalog, customer_id: int, picklist_id: int) -> dict:
    """Ask catalog to ship the lines of a closed picklist whose consumption has no answer, and
    record its answer. Without an answer the picklist stays asked. A refusal means catalog does
    not hold what orders thinks the lines hold: nothing moved, the error is logged and the close
    asked again by the reconciliation, so that it shows until someone repairs it."""
    request = db.read(picklists.consumption_request, customer_id, picklist_id)
    if request is None:
        return db.read(picklists.get_picklist, customer_id, picklist_id)
    try:
        answers = catalog.consume_order_lines(customer_id, request["warehouse_id"], request["picklist"],
                                              request["lines"])
    except ServiceUnavailable as error:
        log.warning("picklist %s: stock not taken off the shelf yet (%s); asked again later", picklist_id, error)
        return db.read(picklists.get_picklist, customer_id, picklist_id)
    except RemoteError as refusal:
        log.error("picklist %s: catalog refused to ship its lines (%s: %s); asked again later", picklist_id,
                  refusal.exc_type, refusal.value)
        return db.read(picklists.get_picklist, customer_id, picklist_id)
    return db.change(picklists.record_consumption, customer_id, picklist_id, answers)


def restock_for_return(db: ServiceDatabase, catalog, customer_id: int, return_id: int) -> dict:
    """Ask catalog to put a received return's undamaged units back on the shelf (one ledger
    movement per product referencing the return, applied once), and record that it did.
    Without an answer the return stays asked; the reconciliation asks again."""
    request = db.read(returns.restock_request, customer_id, return_id)
    if request is None:
        return db.read(returns.get_return, customer_id, return_id)
    try:
        catalog.receive_stock_lines(customer_id, request["warehouse_id"], request["reference"], request["lines"])
    except ServiceUnavailable as error:
        log.warning("return %s: not back in stock yet (%s); asked again later", return_id, error)
        return db.read(returns.get_return, customer_id, return_id)
    except RemoteError as refusal:
        log.error("return %s: catalog refused to restock it (%s: %s); asked again later", return_id,
                  refusal.exc_type, refusal.value)
        return db.read(returns.get_return, customer_id, return_id)
    return db.change(returns.record_restock, customer_id, return_id)


def reconcile(db: ServiceDatabase, catalog, asked_seconds_ago: float) -> None:
    """One round, on one replica at a time."""
    with db.exclusive("allocation reconciliation") as mine:
        if not mine:
            return
        ask_again(db, catalog, asked_seconds_ago)
        compare_waiting_lines(db, catalog)


def ask_again(db: ServiceDatabase, catalog, asked_seconds_ago: float) -> None:
    """Repeat what orders asked catalog longer ago than that and has no answer for."""
    asked_before = allocation.seconds_ago(asked_seconds_ago)
    for customer_id, order_id, state in db.read(allocation.unanswered, asked_before, UNANSWERED_PER_ROUND):
        log.info("reconciliation: order %s %s and got no answer; asking catalog again", order_id, state)
        count_repair("orders", f"order {state} asked again")
        if state == allocation.ASKED:
            reserve_for_order(db, catalog, db.read(lookup.get_order, customer_id, order_id), pass_on_refusal=False)
        else:
            release_for_order(db, catalog, customer_id, order_id)
    for customer_id, picklist_id in db.read(picklists.unanswered_closes, asked_before, UNANSWERED_PER_ROUND):
        log.info("reconciliation: picklist %s closed and catalog did not answer; asking again", picklist_id)
        count_repair("orders", "picklist close asked again")
        consume_for_picklist(db, catalog, customer_id, picklist_id)
    for customer_id, return_id in db.read(returns.unanswered_restocks, asked_before, UNANSWERED_PER_ROUND):
        log.info("reconciliation: return %s received and catalog did not confirm its restock; asking again", return_id)
        count_repair("orders", "return restock asked again")
        restock_for_return(db, catalog, customer_id, return_id)


def compare_waiting_lines(db: ServiceDatabase, catalog) -> None:
    """What waiting lines hold in catalog against what orders recorded (a fill announced while
    orders was away, say); a line catalog does not know as waiting is asked for again."""
    for customer_id, lines in db.read(allocation.waiting_lines, WAITING_LINES_PER_ROUND).items():
        try:
            held = catalog.get_order_line_reservations(customer_id, [line["order_line_id"] for line in lines])
            held += _ask_for_lines_catalog_does_not_serve(catalog, customer_id, lines, held)
        except ServiceUnavailable as error:
            log.warning("reconciliation: catalog not reachable (%s); next round", error)
            return
        for change in db.change(fills.take_answers_of_customer, customer_id, held):
            log.warning("reconciliation repaired order line %s: it holds %s and waits for %s, as catalog says",
                        change.line_id, change.allocated, change.waiting)
            count_repair("orders", "waiting line corrected")


def _ask_for_lines_catalog_does_not_serve(catalog, customer_id: int, lines: list[dict], held: list[dict]) -> list[dict]:
    """Lines that wait in orders but that catalog does not have waiting for their whole amount
    (never asked, or asked before catalog kept what lines want) are asked for again."""
    wants = {answer["order_line_id"]: answer["wanted"] + answer.get("consumed", 0)
             for answer in held if answer["status"] == "reserved"}
    unserved: dict[int, list[dict]] = {}
    for line in lines:
        if wants.get(line["order_line_id"], 0) < line["amount"]:
            unserved.setdefault(line["warehouse_id"], []).append(
                {key: line[key] for key in ("order_line_id", "idproduct", "amount")})
    answers = []
    for warehouse_id, claims in unserved.items():
        log.warning("reconciliation: catalog does not serve %s waiting lines in warehouse %s; asking again",
                    len(claims), warehouse_id)
        answers += catalog.reserve_order_lines(customer_id, warehouse_id, claims)
    return answers
