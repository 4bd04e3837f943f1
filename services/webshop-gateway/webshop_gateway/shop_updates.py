"""Back to the shop: when an order a shop sent ships, the shop is told (its order's status and the
parcel's tracking code). An outbox of its own, one row per shipment:

- orders' `order_shipped` writes the row (`waiting`), once however often it is delivered (the
  shipment's id is unique), to be sent once the parcel can no longer be cancelled
  (`cancellable_until`, and a few seconds' grace for a cancellation still on its way);
- `shipment_cancelled` withdraws a row still waiting (`cancelled`: never sent), and one that has
  not arrived yet is written withdrawn, so a late `order_shipped` finds it so;
- the timer (`webshop_gateway.tracking_push`) claims a due row (`sending`, committed) before the
  shop is asked and records the answer after: `sent`; `waiting` again with a later attempt when
  the shop is down, answers 5xx or 429 (its `Retry-After`); `failed` with a reason a person can
  act on when the shop refuses it for good (4xx). A claim left behind by a process that died
  while the shop was asked is not sent again (the shop may have it): it is `failed`, saying what
  to check.

The rules are plain functions; the rest reads and writes rows."""
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from servicekit.config import env
from servicekit.database import ServiceDatabase
from servicekit.database_gauges import DatabaseReading
from servicekit.unit_of_work import UnitOfWork
from webshop_gateway.connections import linked
from webshop_gateway.exceptions import ShopUpdateNotFound, ShopUpdateNotRetryable
from webshop_gateway.models import SeenOrder, ShopUpdate, Webshop
from webshop_gateway.schemas import shop_update_output

log = logging.getLogger(__name__)

STATUSES = ("waiting", "sending", "sent", "failed", "cancelled")
RETRY_SECONDS = float(env("SHOP_UPDATE_RETRY_SECONDS", "10"))
MAX_RETRY_SECONDS = 60 * 60
# A cancellation orders commits in the window's last moment reaches us a little later.
GRACE_SECONDS = float(env("SHOP_UPDATE_GRACE_SECONDS", "5"))
# Longer than any attempt takes (a few requests of WEBSHOP_HTTP_TIMEOUT each): a claim this old
# belongs to a process that died while the shop was being told.
STALE_CLAIM_SECONDS = float(env("SHOP_UPDATE_STALE_CLAIM_SECONDS", "120"))
PAGE_SIZE = 100


# What one attempt came to (tracking_push's senders say it)

@dataclass(frozen=True)
class Delivered:
    pass


@dataclass(frozen=True)
class RetryLater:
    reason: str
    retry_after_seconds: float | None = None  # the shop's Retry-After, when it gave one


@dataclass(frozen=True)
class Refused:
    reason: str  # what a person is to do: the shop will not take it as it is


Outcome = Delivered | RetryLater | Refused


def retry_delay(attempts: int, retry_after_seconds: float | None = None) -> float:
    """Seconds until the next attempt after `attempts` failed ones: what the shop asked for, else
    doubling from SHOP_UPDATE_RETRY_SECONDS, at most an hour."""
    if retry_after_seconds is not None:
        return min(retry_after_seconds, MAX_RETRY_SECONDS)
    return min(RETRY_SECONDS * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)


def first_attempt_at(cancellable_until: datetime | None, now: datetime) -> datetime:
    """Not before the parcel can no longer be cancelled (and the grace after it)."""
    return max(cancellable_until or now, now) + timedelta(seconds=GRACE_SECONDS)


def after_attempt(outcome: Outcome, attempts: int, now: datetime) -> dict:
    """The row's fields once an attempt came to `outcome`."""
    if isinstance(outcome, Delivered):
        return {"status": "sent", "sent_at": now, "last_error": None, "claimed_at": None}
    if isinstance(outcome, RetryLater):
        wait = retry_delay(attempts, outcome.retry_after_seconds)
        return {"status": "waiting", "next_attempt_at": now + timedelta(seconds=wait), "claimed_at": None,
                "last_error": f"{outcome.reason} Tried {attempts}×; trying again in {wait:g} s."}
    return {"status": "failed", "last_error": outcome.reason, "claimed_at": None}


def stale_claim_reason(row: ShopUpdate) -> str:
    return (f"The service stopped while telling the shop about tracking code {row.trackingcode} of order "
            f"{row.reference}; it is not sent again in case the shop has it. Check the order in the shop and add "
            "the tracking code there if it is missing.")


# The events from orders

def hear_shipment(database: ServiceDatabase, event: dict, change) -> bool:
    """Handle orders' order_shipped or shipment_cancelled with `change` (record_shipment or
    withdraw_shipment). Most orders came from no shop: for them this is one statement outside a
    transaction and nothing written. False for such an order."""
    shipment = event["shipment"]
    if not database.read_driver(from_a_shop, shipment["idfulfilment_customer"], shipment["idorder"]):
        return False
    database.change(change, event)
    return True


_FROM_A_SHOP = "SELECT EXISTS (SELECT 1 FROM seen_orders WHERE customer_id = %s AND order_id = %s)"


def from_a_shop(cursor, customer_id: int, order_id: int) -> bool:
    """`_shop_order` asked straight through the driver (on the index of seen orders' orders)."""
    cursor.execute(_FROM_A_SHOP, (customer_id, order_id))
    return cursor.fetchone()[0]


def _shop_order(session: Session, customer_id: int, order_id: int) -> SeenOrder | None:
    """The shop order imported as this order; None for an order that came from no shop."""
    return session.scalar(select(SeenOrder).where(SeenOrder.customer_id == customer_id,
                                                  SeenOrder.order_id == order_id).order_by(SeenOrder.id).limit(1))


def _new_row(session: Session, shipment: dict, status: str) -> dict | None:
    seen = _shop_order(session, shipment["idfulfilment_customer"], shipment["idorder"])
    if seen is None:
        return None
    now = datetime.now(timezone.utc)
    cancellable_until = shipment.get("cancellable_until")
    send_after = first_attempt_at(datetime.fromisoformat(cancellable_until) if cancellable_until else None, now)
    return {"customer_id": seen.customer_id, "webshop_id": seen.webshop_id, "seen_order_id": seen.id,
            "order_id": shipment["idorder"], "shipment_id": shipment["idshipment"], "external_id": seen.external_id,
            "reference": seen.reference, "carrier": shipment["public_providername"][:100],
            "trackingcode": shipment["trackingcode"][:100], "tracktraceurl": shipment["tracktraceurl"][:1000],
            "products": [{"productcode": line["productcode"], "amount": line["amount"]}
                         for line in shipment.get("products") or []],
            "status": status, "send_after": send_after, "next_attempt_at": send_after}


def record_shipment(uow: UnitOfWork, shipped: dict) -> bool:
    """Handle orders' order_shipped: an update for the shop, once per shipment (a repeat, or a
    shipment withdrawn before this arrived, changes nothing). False for an order no shop sent."""
    shipment = shipped["shipment"]
    row = _new_row(uow.session, shipment, "cancelled" if shipment.get("cancelled") else "waiting")
    if row is None:
        return False
    uow.session.execute(insert(ShopUpdate).values(**row).on_conflict_do_nothing(constraint="uq_shop_updates_shipment"))
    return True


def withdraw_shipment(uow: UnitOfWork, cancelled: dict) -> None:
    """Handle orders' shipment_cancelled: the parcel did not leave, so the shop is not told. An
    update already sent (a cancellation later than the window allows) is logged, not undone."""
    shipment = cancelled["shipment"]
    row = _new_row(uow.session, shipment, "cancelled")
    if row is None:
        return
    statement = insert(ShopUpdate).values(**row)
    uow.session.execute(statement.on_conflict_do_update(
        constraint="uq_shop_updates_shipment", set_={"status": "cancelled", "claimed_at": None},
        where=ShopUpdate.status == "waiting"))
    status = uow.session.scalar(select(ShopUpdate.status).where(ShopUpdate.shipment_id == shipment["idshipment"]))
    if status in ("sending", "sent"):
        log.warning("shipment %s was cancelled after its tracking code went to the shop (%s)",
                    shipment["idshipment"], status)


# The timer's steps (tracking_push), each its own transaction

def any_due(session: Session) -> bool:
    """Whether the tracking round has anything to do (an update due, a claim gone stale): one SELECT."""
    now = datetime.now(timezone.utc)
    return session.scalar(select(select(ShopUpdate.id).where(
        ((ShopUpdate.status == "waiting") & (ShopUpdate.next_attempt_at <= now))
        | ((ShopUpdate.status == "sending") & (ShopUpdate.claimed_at < now - timedelta(seconds=STALE_CLAIM_SECONDS))))
        .exists()))


def fail_stale_claims(uow: UnitOfWork) -> int:
    now = datetime.now(timezone.utc)
    rows = uow.session.scalars(select(ShopUpdate).where(
        ShopUpdate.status == "sending", ShopUpdate.claimed_at < now - timedelta(seconds=STALE_CLAIM_SECONDS))
        .with_for_update(skip_locked=True)).all()
    for row in rows:
        log.warning("shop update %s: claimed at %s and never answered; not sent again", row.id, row.claimed_at)
        row.status, row.last_error, row.claimed_at = "failed", stale_claim_reason(row), None
    return len(rows)


def claim_next_due(uow: UnitOfWork) -> dict | None:
    """The oldest update due, claimed (`sending`, one more attempt) with what sending it needs;
    None when nothing is due. One whose shop was unlinked fails instead."""
    now = datetime.now(timezone.utc)
    while True:
        row = uow.session.scalar(select(ShopUpdate).where(ShopUpdate.status == "waiting",
                                                          ShopUpdate.next_attempt_at <= now)
                                 .order_by(ShopUpdate.next_attempt_at, ShopUpdate.id).limit(1)
                                 .with_for_update(skip_locked=True))
        if row is None:
            return None
        webshop = uow.session.get(Webshop, row.webshop_id)
        if webshop.removed_at is not None:
            row.status = "failed"
            row.last_error = (f"The shop was unlinked before tracking code {row.trackingcode} of order "
                              f"{row.reference} could be sent; add it in the shop by hand.")
            continue
        row.status, row.claimed_at, row.attempts = "sending", now, row.attempts + 1
        uow.session.flush()
        return {"id": row.id, "platform": webshop.platform, "url": webshop.url, "credentials": webshop.credentials,
                "external_id": row.external_id, "reference": row.reference, "shipment_id": row.shipment_id,
                "order_id": row.order_id, "carrier": row.carrier, "trackingcode": row.trackingcode,
                "tracktraceurl": row.tracktraceurl, "products": row.products, "attempts": row.attempts}


def record_attempt(uow: UnitOfWork, update_id: int, outcome: Outcome) -> None:
    row = uow.session.get(ShopUpdate, update_id, with_for_update=True)
    if row.status != "sending":  # not ours any more (given up as stale meanwhile)
        log.warning("shop update %s answered %s while %s", update_id, outcome, row.status)
        return
    for name, value in after_attempt(outcome, row.attempts, datetime.now(timezone.utc)).items():
        setattr(row, name, value)


# The client sending a failed update again

def retry_shop_update(uow: UnitOfWork, customer_id: int, webshop_id: int, shop_update_id: int) -> dict:
    """A failed update waits to be sent at once, after the client fixed its cause (new keys, the
    order restored in the shop). Asked again, or of one not failed, it answers the update as it is;
    a withdrawn parcel is never sent."""
    linked(uow.session, customer_id, webshop_id)
    row = uow.session.scalar(select(ShopUpdate).where(
        ShopUpdate.id == shop_update_id, ShopUpdate.customer_id == customer_id,
        ShopUpdate.webshop_id == webshop_id).with_for_update())
    if row is None:
        raise ShopUpdateNotFound(f"shop update {shop_update_id} not found")
    if row.status == "cancelled":
        raise ShopUpdateNotRetryable(f"Tracking code {row.trackingcode} is not sent: its parcel was withdrawn.")
    if row.status == "failed":
        row.status, row.next_attempt_at, row.claimed_at = "waiting", datetime.now(timezone.utc), None
        log.info("shop update %s sent again at the client's request (it failed: %s)", row.id, row.last_error)
        uow.session.flush()
    return shop_update_output.dump(row)


# What the client reads

def list_shop_updates(session: Session, customer_id: int, webshop_id: int, offset: int = 0) -> list[dict]:
    """What went (or goes) back to the shop, newest first, 100 a page."""
    linked(session, customer_id, webshop_id)
    rows = session.scalars(select(ShopUpdate).where(ShopUpdate.customer_id == customer_id,
                                                    ShopUpdate.webshop_id == webshop_id)
                           .order_by(ShopUpdate.id.desc()).offset(offset).limit(PAGE_SIZE))
    return shop_update_output.dump(rows, many=True)


# What waits as Prometheus reads it (servicekit.database_gauges): a shop down for long shows as
# an update that ages past its window; one refused for good as a failed one a client must act on.

def _backlog_figures(session: Session) -> tuple[float, float, float]:
    overdue = ShopUpdate.status.in_(("waiting", "sending")) & (ShopUpdate.send_after <= func.now())
    row = session.execute(select(
        func.count().filter(overdue),
        func.coalesce(func.extract("epoch", func.now() - func.min(ShopUpdate.send_after).filter(overdue)), 0),
        func.count().filter(ShopUpdate.status == "failed"),
    ).where(ShopUpdate.status.in_(("waiting", "sending", "failed")))).one()
    return float(row[0]), float(row[1]), float(row[2])


BACKLOG_READING = DatabaseReading(
    (("fulfilment_shop_updates_due", "Tracking codes due to go back to a shop and not sent yet"),
     ("fulfilment_shop_updates_oldest_age_seconds",
      "How long the oldest of them has been due (0: none is); grows while a shop is down"),
     ("fulfilment_shop_updates_failed", "Tracking codes a shop refused for good (each says what to do)")),
    _backlog_figures)
