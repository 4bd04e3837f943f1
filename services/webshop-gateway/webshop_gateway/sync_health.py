"""How a shop's sync goes, for the panel on its page: the last poll that read the shop, the
polls that failed in the last day, what waits to go back to the shop; and the client told by
email once when the sync starts failing (`webshop_sync_failed`, mailed by accounts), not every
minute: again only after a poll succeeded and the sync failed anew.

`after_poll` runs in the poll's own transaction (polling records what it read and how it went),
so the failure, the alert's mark and its event commit together: a replica dying between them
leaves neither a mail without its mark nor a mark without its mail.
"""
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from servicekit.config import env
from servicekit.unit_of_work import UnitOfWork
from webshop_gateway import stock_push
from webshop_gateway.connections import linked
from webshop_gateway.models import ShopUpdate, SyncFailure, Webshop

# Failed polls in a row before the client is told: one failure (a blip, a rate limit) often
# passes by itself at the next poll.
ALERT_AFTER_FAILURES = int(env("WEBSHOP_SYNC_ALERT_AFTER_FAILURES", "3"))
KEPT_DAYS = 7
PENDING_SHOP_UPDATES = ("waiting", "sending")


def alert_due(failures_in_a_row: int, already_alerted: bool, threshold: int = ALERT_AFTER_FAILURES) -> bool:
    """Tell the client when the failures in a row reach the threshold, once per failing spell."""
    return not already_alerted and failures_in_a_row >= threshold


def after_poll(uow: UnitOfWork, webshop: Webshop, failure: str | None) -> None:
    """Record how the poll went (webshop is locked and already updated by polling)."""
    now = datetime.now(timezone.utc)
    if failure is None:
        webshop.sync_alerted_at = None  # recovered: the next failing spell is told again
        return
    uow.session.add(SyncFailure(customer_id=webshop.customer_id, webshop_id=webshop.id, failed_at=now,
                                message=failure[:2000]))
    uow.session.execute(delete(SyncFailure).where(SyncFailure.webshop_id == webshop.id,
                                                  SyncFailure.failed_at < now - timedelta(days=KEPT_DAYS)))
    if alert_due(webshop.failures_in_a_row, webshop.sync_alerted_at is not None):
        webshop.sync_alerted_at = now
        uow.add_event("webshop_sync_failed", {
            "idfulfilment_customer": webshop.customer_id,
            "webshop": {"idwebshop": webshop.id, "name": webshop.name, "platform": webshop.platform,
                        "url": webshop.url},
            "reason": failure, "failures_in_a_row": webshop.failures_in_a_row,
            "last_success": webshop.last_success_at.isoformat() if webshop.last_success_at else None,
        })


def pending_outbound(session: Session, webshop_id: int) -> dict[str, int]:
    """What waits to go back to the shop, per kind."""
    tracking = session.scalar(select(func.count()).select_from(ShopUpdate).where(
        ShopUpdate.webshop_id == webshop_id, ShopUpdate.status.in_(PENDING_SHOP_UPDATES)))
    return {"tracking": tracking or 0, "stock": stock_push.pending_count(session, webshop_id)}


def get_sync_health(session: Session, customer_id: int, webshop_id: int) -> dict:
    webshop = linked(session, customer_id, webshop_id)
    since = datetime.now(timezone.utc) - timedelta(days=1)
    failures_last_day = session.scalar(select(func.count()).select_from(SyncFailure).where(
        SyncFailure.webshop_id == webshop_id, SyncFailure.failed_at >= since))
    pending = pending_outbound(session, webshop_id)
    return {"idwebshop": webshop.id, "last_success": _iso(webshop.last_success_at),
            "last_poll": _iso(webshop.last_poll_at), "next_poll": _iso(webshop.next_poll_at),
            "last_error": webshop.last_error, "failing": webshop.failures_in_a_row > 0,
            "failures_in_a_row": webshop.failures_in_a_row, "failures_last_day": failures_last_day or 0,
            "alerted": _iso(webshop.sync_alerted_at), "pending_outbound": pending,
            "pending_outbound_total": sum(pending.values())}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
