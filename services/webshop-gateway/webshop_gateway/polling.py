"""Orders from the shops: each shop is read when it is due (a timer in the service), what it sent
is recorded as seen, then orders is asked to create each order to fulfil, never inside a
transaction: read the shop, commit what it sent, call orders, record the answer.

Exactly one order per shop order: orders creates it idempotently by "webshop:<shop>:<shop's id>",
so a crash between its answer and our record, a poll that sees an order twice, or a retry gives
back the same order. A shop that fails is asked again later, backing off; the rest go on.
"""
import logging
from datetime import datetime, timedelta, timezone

from nameko.exceptions import RemoteError
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from servicekit.config import env
from servicekit.rpc import ServiceUnavailable
from servicekit.unit_of_work import UnitOfWork
from webshop_gateway import json_shop, seen_orders, shopify, sync_health, woocommerce
from webshop_gateway.connections import linked
from webshop_gateway.credentials import CredentialsUnreadable, unseal
from webshop_gateway.models import Webshop
from webshop_gateway.refusals import actionable_reason
from webshop_gateway.shop_http import ShopHttp, ShopRateLimited, SyncFailed
from webshop_gateway.shop_orders import ShopOrder

log = logging.getLogger(__name__)

POLL_SECONDS = float(env("WEBSHOP_POLL_SECONDS", "60"))
MAX_BACKOFF_SECONDS = 15 * 60
# A new link reads the orders the shop changed in these last days, not its whole history.
HISTORY_DAYS = int(env("WEBSHOP_HISTORY_DAYS", "30"))
# platform → how its orders are read
READERS = {"woocommerce": woocommerce, "shopify": shopify, "json": json_shop}


def next_poll_after_failure(failures_in_a_row: int, retry_after_seconds: float | None = None) -> float:
    """Seconds to wait: what the shop asked for, else doubling from the poll interval, at most 15 minutes."""
    if retry_after_seconds is not None:
        return retry_after_seconds
    return min(POLL_SECONDS * 2 ** max(failures_in_a_row - 1, 0), MAX_BACKOFF_SECONDS)


def idempotency_key(webshop_id: int, external_id: str) -> str:
    return f"webshop:{webshop_id}:{external_id}"


def _shops_due():
    return (Webshop.removed_at.is_(None), Webshop.platform.in_(READERS),
            or_(Webshop.next_poll_at.is_(None), Webshop.next_poll_at <= datetime.now(timezone.utc)))


def _due(session: Session) -> list[dict]:
    return [_as_polled(webshop) for webshop in session.scalars(select(Webshop).where(*_shops_due()).order_by(Webshop.id))]


def any_due(session: Session) -> bool:
    """Whether the round has anything to do (a shop to read, a seen order to import): one SELECT."""
    return session.scalar(select(select(Webshop.id).where(*_shops_due()).exists()
                                 | seen_orders.any_pending()))


def _as_polled(webshop: Webshop) -> dict:
    first = (webshop.created_at - timedelta(days=HISTORY_DAYS)).astimezone(timezone.utc)
    return {"id": webshop.id, "customer_id": webshop.customer_id, "name": webshop.name, "platform": webshop.platform,
            "url": webshop.url, "credentials": webshop.credentials,
            "cursor": webshop.cursor or first.strftime("%Y-%m-%dT%H:%M:%S")}


def _record_read(uow: UnitOfWork, webshop_id: int, shop_orders: list[ShopOrder], complete: bool,
                 failure: SyncFailed | None) -> None:
    webshop = uow.session.get(Webshop, webshop_id, with_for_update=True)
    if webshop.removed_at is not None:  # unlinked while we read: what it sent is not wanted
        return
    seen_orders.record_sightings(uow, webshop.customer_id, webshop_id, shop_orders)
    now = datetime.now(timezone.utc)
    webshop.last_poll_at = now
    if failure is None:
        newest = max((shop_order.modified for shop_order in shop_orders if shop_order.modified), default=None)
        if complete and newest and newest > (webshop.cursor or ""):
            webshop.cursor = newest
        webshop.last_success_at, webshop.last_error, webshop.failures_in_a_row = now, None, 0
        webshop.next_poll_at = now + timedelta(seconds=POLL_SECONDS)
        sync_health.after_poll(uow, webshop, None)
        return
    webshop.failures_in_a_row += 1
    webshop.last_error = str(failure)
    wait = next_poll_after_failure(webshop.failures_in_a_row, getattr(failure, "retry_after_seconds", None))
    webshop.next_poll_at = now + timedelta(seconds=wait)
    sync_health.after_poll(uow, webshop, webshop.last_error)


def read_shop(db, webshop: dict) -> None:
    """One poll of one shop: what it sent is recorded even when a later page fails."""
    reader = READERS[webshop["platform"]]
    shop_orders: list[ShopOrder] = []
    complete, failure = False, None
    try:
        complete = reader.read_orders(ShopHttp(), webshop["url"], unseal(webshop["credentials"]),
                                      webshop["cursor"], into=shop_orders)
    except SyncFailed as error:
        failure = error
    except CredentialsUnreadable as error:
        failure = SyncFailed(str(error))
    if failure is not None and not isinstance(failure, ShopRateLimited):
        log.warning("webshop %s: %s", webshop["id"], failure)
    db.change(_record_read, webshop["id"], shop_orders, complete, failure)


def import_pending(db, orders, seen_order_ids: list[int] | None = None) -> None:
    """Ask orders for each pending seen order, then record its answer; while orders does not
    answer, they stay pending for the next round."""
    for pending in db.read(seen_orders.pending_imports, seen_order_ids):
        try:
            placed = orders.create_order(pending["customer_id"], pending["order_data"], "webshop",
                                         f"webshop {pending['webshop_name']}",
                                         idempotency_key(pending["webshop_id"], pending["external_id"]),
                                         from_webshop_id=pending["webshop_id"])
        except ServiceUnavailable:
            log.warning("orders did not answer; seen orders stay pending")
            return
        except RemoteError as error:  # refused (InvalidOrder names the field): nothing was made
            log.info("orders refused seen order %s: %s %s", pending["id"], error.exc_type, error.value)
            db.change(seen_orders.record_import, pending["id"], "failed", actionable_reason(error.value), None)
        else:
            db.change(seen_orders.record_import, pending["id"], "imported", None, placed["order"]["idorder"])


def poll_due_shops(db, orders) -> None:
    """The timer's work, one replica at a time; when nothing is due, one SELECT and no more."""
    if not db.read_statement(any_due):
        return
    with db.exclusive("webshop polling") as mine:
        if not mine:
            return
        for webshop in db.read(_due):
            read_shop(db, webshop)
        import_pending(db, orders)


def retry_seen_order(db, orders, customer_id: int, webshop_id: int, seen_order_id: int) -> dict:
    """A failed order tried again once its cause is fixed: asked of the shop as it is now (when
    the shop answers), then of orders."""
    webshop = db.read(lambda session: _as_polled(linked(session, customer_id, webshop_id)))
    seen = db.read(seen_orders.get_seen_order, customer_id, webshop_id, seen_order_id)
    shop_order = None
    reader = READERS.get(webshop["platform"])
    if reader is not None and seen["outcome"] == "failed":
        try:
            shop_order = reader.read_order(ShopHttp(), webshop["url"], unseal(webshop["credentials"]),
                                           seen["external_id"])
        except (SyncFailed, CredentialsUnreadable) as error:
            log.info("seen order %s retried as it was sent: the shop did not answer (%s)", seen_order_id, error)
    db.change(seen_orders.mark_for_retry, customer_id, webshop_id, seen_order_id, shop_order)
    import_pending(db, orders, [seen_order_id])
    return db.read(seen_orders.get_seen_order, customer_id, webshop_id, seen_order_id)
