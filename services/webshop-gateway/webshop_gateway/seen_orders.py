"""The orders-seen log: every order a shop sent, once per shop order however often it came,
with its outcome. The rules are plain functions; the rest reads and writes rows."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servicekit.unit_of_work import UnitOfWork
from webshop_gateway.connections import linked
from webshop_gateway.exceptions import InvalidWebshop, SeenOrderNotFound
from webshop_gateway.models import SeenOrder, Webshop
from webshop_gateway.schemas import seen_order_output
from webshop_gateway.shop_orders import ShopOrder

OUTCOMES = ("pending", "imported", "skipped", "failed")
PAGE_SIZE = 100


def sighting_changes_outcome(current: str, modified_before: str = "", modified_now: str = "",
                             retried: bool = False) -> bool:
    """An imported order stays imported, however often the shop sends it again (its order exists
    once); a failed one stays failed while the shop sends it unchanged (polls overlap, so it is read
    again every poll for a minute: asking orders each time would only fail again), until the shop
    changed it or a person retries it; anything else takes what the shop says now."""
    if current == "imported":
        return False
    return retried or current != "failed" or modified_now != modified_before


def record_sightings(uow: UnitOfWork, customer_id: int, webshop_id: int, shop_orders: list[ShopOrder],
                     retried: bool = False) -> None:
    """Each shop order once (pages that shifted while read show one twice: the later sighting
    counts); `retried`: a person asked for it again."""
    session = uow.session
    latest = {shop_order.external_id: shop_order for shop_order in shop_orders}
    known = {row.external_id: row for row in session.scalars(select(SeenOrder).where(
        SeenOrder.webshop_id == webshop_id, SeenOrder.external_id.in_(list(latest))).with_for_update())}
    for shop_order in latest.values():
        outcome, reason = shop_order.outcome_when_seen
        row = known.get(shop_order.external_id)
        if row is None:
            row = SeenOrder(customer_id=customer_id, webshop_id=webshop_id, external_id=shop_order.external_id,
                            times_seen=0, outcome="")
            session.add(row)
        row.times_seen += 1
        row.last_seen_at = func.now()
        changes_outcome = sighting_changes_outcome(row.outcome, row.shop_modified or "", shop_order.modified, retried)
        row.reference, row.shop_status, row.shop_modified = (shop_order.reference[:100], shop_order.shop_status[:50],
                                                             shop_order.modified)
        if changes_outcome:
            _set_outcome(row, outcome, reason)
            row.order_data = shop_order.order
    session.flush()


def _set_outcome(row: SeenOrder, outcome: str, reason: str | None, order_id: int | None = None) -> None:
    if (row.outcome, row.reason) != (outcome, reason):
        row.outcome_at = func.now()
    row.outcome, row.reason = outcome, reason
    if order_id is not None:
        row.order_id = order_id


def any_pending():
    return select(SeenOrder.id).where(SeenOrder.outcome == "pending").exists()


def pending_imports(session: Session, seen_order_ids: list[int] | None = None) -> list[dict]:
    """What orders is to be asked to create, oldest first (all shops, or these seen orders)."""
    query = (select(SeenOrder, Webshop.name).join(Webshop, Webshop.id == SeenOrder.webshop_id)
             .where(SeenOrder.outcome == "pending").order_by(SeenOrder.id))
    if seen_order_ids is not None:
        query = query.where(SeenOrder.id.in_(seen_order_ids))
    return [{"id": row.id, "customer_id": row.customer_id, "webshop_id": row.webshop_id, "webshop_name": name,
             "external_id": row.external_id, "order_data": row.order_data} for row, name in session.execute(query)]


def record_import(uow: UnitOfWork, seen_order_id: int, outcome: str, reason: str | None,
                  order_id: int | None) -> None:
    row = uow.session.get(SeenOrder, seen_order_id, with_for_update=True)
    if row.outcome == "pending":  # a sighting meanwhile may have settled it otherwise
        _set_outcome(row, outcome, reason, order_id)


def mark_for_retry(uow: UnitOfWork, customer_id: int, webshop_id: int, seen_order_id: int,
                   shop_order: ShopOrder | None) -> None:
    """A failed order tried again: as the shop sends it now (when it could be asked), else as it
    was sent. Only failed ones: an imported order is never imported twice."""
    row = _seen_order(uow.session, customer_id, webshop_id, seen_order_id, lock=True)
    if row.outcome != "failed":
        raise InvalidWebshop(f"Only failed orders can be retried; this one is {row.outcome}.")
    if shop_order is not None:
        record_sightings(uow, customer_id, row.webshop_id, [shop_order], retried=True)
    elif row.order_data is not None:
        _set_outcome(row, "pending", None)


def _seen_order(session: Session, customer_id: int, webshop_id: int, seen_order_id: int,
                lock: bool = False) -> SeenOrder:
    query = select(SeenOrder).where(SeenOrder.id == seen_order_id, SeenOrder.customer_id == customer_id,
                                    SeenOrder.webshop_id == webshop_id)
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None:
        raise SeenOrderNotFound(f"seen order {seen_order_id} not found")
    return row


def get_seen_order(session: Session, customer_id: int, webshop_id: int, seen_order_id: int) -> dict:
    return seen_order_output.dump(_seen_order(session, customer_id, webshop_id, seen_order_id))


def list_seen_orders(session: Session, customer_id: int, webshop_id: int, offset: int, outcome: str | None) -> list[dict]:
    """What the shop sent, newest first, 100 a page; `outcome` one of OUTCOMES (None: all)."""
    linked(session, customer_id, webshop_id)
    query = select(SeenOrder).where(SeenOrder.customer_id == customer_id, SeenOrder.webshop_id == webshop_id)
    if outcome is not None:
        if outcome not in OUTCOMES:
            raise InvalidWebshop(f"outcome: must be one of {', '.join(OUTCOMES)}")
        query = query.where(SeenOrder.outcome == outcome)
    rows = session.scalars(query.order_by(SeenOrder.id.desc()).offset(offset).limit(PAGE_SIZE))
    return seen_order_output.dump(rows, many=True)
