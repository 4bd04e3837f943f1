"""Delivering webhooks (hooks registered in `accounts.hooks`) as Picqer does.

Each event of another service that Picqer has a webhook for becomes one delivery per active hook
listening for it (the customer's hooks and the operator's), queued in the transaction that
handles the event, once per event (`queue_deliveries`). The service's timer POSTs them after
commit (`send_due`), one replica at a time, with no transaction open while a receiver is waited
for: Picqer's body `{"idhook", "name", "event", "event_triggered_at", "data"}`, `data` the
object as the API shows it, signed with `X-Picqer-Signature` (base64 of the HMAC-SHA256 of the
body with the hook's secret) and carrying `X-Delivery-Id`, the same on every attempt, so that a
receiver can drop a repeat: delivery is at least once.

A hook's deliveries go in the order they were queued: one not answered with a 2xx is tried
again after a pause that doubles (`WEBHOOK_RETRY_SECONDS`, 10 s, up to an hour), and the ones
after it wait for it. After `WEBHOOK_MAX_FAILURES` (10, about three hours) failed attempts in a
row the hook is deactivated with the reason kept; reactivating it sends what waited.

A delivered delivery is kept `WEBHOOK_DELIVERY_RETENTION_DAYS` (30) after it was delivered, long
enough to read in a hook's recent deliveries, then pruned by a timer (`prune_delivered`): a busy
client's hooks would otherwise grow the table by every event for ever. Deliveries not delivered
yet (waiting, failing, or held by a deactivated hook) are never pruned.

A hook is sent only to public addresses: one that is or resolves to a loopback, private or
link-local address would let a client reach the operator's own network through us. Development
and tests, whose receivers are local, set `WEBHOOKS_TO_PRIVATE_ADDRESSES=true`.
"""
import base64
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import re
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import requests
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from accounts.models import Hook, HookDelivery
from servicekit.database import ServiceDatabase
from servicekit.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

# Our event → the key of the object it carries (None: the payload is the object; a list under
# the key: several objects, one delivery each) and Picqer's webhook events it is.
HOOKED_EVENTS = {
    ("orders", "order_created"): ("order", ("orders.created",)),
    ("orders", "orders_processed"): ("orders", ("orders.status_changed",)),
    ("orders", "order_cancelled"): ("order", ("orders.status_changed",)),
    ("orders", "orders_allocated"): ("orders", ("orders.allocated",)),
    ("orders", "order_completed"): ("order", ("orders.status_changed", "orders.completed")),
    ("orders", "picklist_closed"): ("picklist", ("picklists.closed",)),
    ("orders", "order_shipped"): ("shipment", ("picklists.shipments.created",)),
    ("orders", "return_status_changed"): ("return", ("returns.status_changed",)),
    ("catalog", "free_stock_changed"): ("products", ("products.free_stock_changed",)),
    ("purchasing", "goods_received"): (None, ("purchase_orders.received",)),
}
PICQER_TIME = "%Y-%m-%d %H:%M:%S"
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
_AMOUNTS = frozenset({"price", "costprice"})


def picqer_values(value, key: str | None = None):
    """The object as the API shows it: times as "2019-04-03 21:14:18" (UTC), prices as numbers
    (services send ISO 8601 times and decimal strings)."""
    if isinstance(value, dict):
        return {name: picqer_values(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [picqer_values(item) for item in value]
    if isinstance(value, str) and _ISO_TIME.fullmatch(value):
        return datetime.fromisoformat(value).astimezone(timezone.utc).strftime(PICQER_TIME)
    if isinstance(value, str) and key in _AMOUNTS:
        return float(value)
    return value


def deliver_event(database: ServiceDatabase, source: str, event_type: str, payload: dict) -> int:
    """Handle one of HOOKED_EVENTS. Most events have no hook listening: for them this is one
    SELECT outside a transaction and nothing written, so every order and stock change costs
    accounts one cheap read. Only when a hook listens is the event handled in a transaction
    (`queue_deliveries`). Returns how many deliveries were queued."""
    objects = _hooked_objects(source, event_type, payload)
    if not objects or not database.read_driver(anyone_listening, source, event_type, objects):
        return 0
    return database.change(queue_deliveries, source, event_type, payload)


def _hooked_objects(source: str, event_type: str, payload: dict) -> list[dict]:
    """The objects the event's webhooks carry, a delivery each (none when Picqer has no webhook
    for it)."""
    key, _ = HOOKED_EVENTS[(source, event_type)]
    carried = payload[key] if key else {name: value for name, value in payload.items() if name != "event_id"}
    if event_type == "goods_received" and carried["type"] != "receipt":
        return []  # a stock transfer: Picqer has no webhook for it
    return carried if isinstance(carried, list) else [carried]


def _customers(objects: list[dict]) -> list[int]:
    return sorted({data["idfulfilment_customer"] for data in objects})


def _listening(source: str, event_type: str, objects: list[dict]):
    _, events = HOOKED_EVENTS[(source, event_type)]
    return (Hook.active, Hook.event.in_(events),
            or_(Hook.customer_id.in_(_customers(objects)), Hook.customer_id.is_(None)))


# `_listening` as one statement straight through the driver (ServiceDatabase.read_driver): asked
# for every event accounts hears, where SQLAlchemy's session and result cost more than the query.
_ANYONE_LISTENING = """
    SELECT EXISTS (SELECT 1 FROM hooks WHERE active AND event = ANY(%s)
                   AND (customer_id = ANY(%s) OR customer_id IS NULL))"""


def anyone_listening(cursor, source: str, event_type: str, objects: list[dict]) -> bool:
    _, events = HOOKED_EVENTS[(source, event_type)]
    cursor.execute(_ANYONE_LISTENING, (list(events), _customers(objects)))
    return cursor.fetchone()[0]


def queue_deliveries(uow: UnitOfWork, source: str, event_type: str, payload: dict) -> int:
    """A delivery of each object the event carries for every active hook of its customer (and
    the operator's) listening for it. A redelivered event queues nothing. Returns how many. An
    event redelivered after a hook was registered is delivered to that hook, once: it never was
    before."""
    objects = _hooked_objects(source, event_type, payload)
    if not objects:
        return 0
    hooks = uow.session.scalars(select(Hook).where(*_listening(source, event_type, objects)).order_by(Hook.id)).all()
    if not hooks or not uow.first_delivery(payload, "accounts.webhooks"):
        return 0
    now, queued = datetime.now(timezone.utc), 0
    for data in objects:
        shown = picqer_values(data)
        for hook in hooks:
            if hook.customer_id not in (None, data["idfulfilment_customer"]):
                continue
            body = json.dumps({"idhook": hook.id, "name": hook.name, "event": hook.event,
                               "event_triggered_at": now.strftime(PICQER_TIME), "data": shown}, ensure_ascii=False)
            uow.session.add(HookDelivery(delivery_id=str(uuid.uuid4()), hook_id=hook.id, event=hook.event,
                                         body=body, attempts=0, next_attempt_at=now))
            queued += 1
    return queued


def private_destination(address: str, resolve: bool = True) -> str | None:
    """Why `address` may not be sent to (a private or unresolvable host), or None. Without
    `resolve` only a literal address or localhost is judged (registering a hook asks no DNS)."""
    if os.environ.get("WEBHOOKS_TO_PRIVATE_ADDRESSES", "").strip().lower() == "true":
        return None
    host = (urlsplit(address).hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return f"{host} is this network's own: hooks go to public addresses only"
    try:
        found = [ipaddress.ip_address(host)]
    except ValueError:
        if not resolve:
            return None
        try:
            found = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)]
        except (OSError, UnicodeError) as error:
            return f"{host} does not resolve: {error}"
    for ip in found:
        if not ip.is_global:
            return f"{host} is a private address ({ip}): hooks go to public addresses only"
    return None


def signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@dataclass(frozen=True)
class Delivery:
    id: int
    hook_id: int
    delivery_id: str
    address: str
    secret: str | None
    body: str


@dataclass(frozen=True)
class Outcome:
    status: int | None
    error: str | None  # None: delivered


def post(delivery: Delivery, timeout: float = 10) -> Outcome:
    if refused := private_destination(delivery.address):
        return Outcome(None, refused)
    body = delivery.body.encode()
    headers = {"Content-Type": "application/json", "User-Agent": "fulfilment-webhooks/1",
               "X-Delivery-Id": delivery.delivery_id}
    if delivery.secret:
        headers["X-Picqer-Signature"] = signature(delivery.secret, body)
    try:
        answer = requests.post(delivery.address, data=body, headers=headers, timeout=timeout, allow_redirects=False)
    except requests.RequestException as error:
        return Outcome(None, f"{type(error).__name__}: {error}"[:2000])
    if 200 <= answer.status_code < 300:
        return Outcome(answer.status_code, None)
    return Outcome(answer.status_code, f"HTTP {answer.status_code}")


def retry_seconds() -> float:
    return float(os.environ.get("WEBHOOK_RETRY_SECONDS", "").strip() or 10)


def max_failures() -> int:
    return int(os.environ.get("WEBHOOK_MAX_FAILURES", "").strip() or 10)


def retention() -> timedelta:
    return timedelta(days=float(os.environ.get("WEBHOOK_DELIVERY_RETENTION_DAYS", "").strip() or 30))


LONGEST_PAUSE = timedelta(hours=1)
BATCH_PER_HOOK = 20


def pause_after(attempts: int, base_seconds: float) -> timedelta:
    """The pause before the next attempt: doubling from the base, at most an hour."""
    return min(timedelta(seconds=base_seconds * 2 ** min(attempts - 1, 20)), LONGEST_PAUSE)


def send_due(database: ServiceDatabase, send=post) -> int:
    """Send what is due, each hook's deliveries in order, stopping at a hook's first failure
    (the ones after it wait for it); returns how many were delivered."""
    with database.exclusive("webhook sender") as mine:
        if not mine:
            return 0
        outcomes: dict[int, Outcome] = {}
        for deliveries in database.read(_due).values():
            for delivery in deliveries:
                outcomes[delivery.id] = send(delivery)
                if outcomes[delivery.id].error is not None:
                    break
        if outcomes:
            database.change(_record, outcomes)
    return sum(outcome.error is None for outcome in outcomes.values())


def any_due():
    """Whether a delivery may be due now (the timer's check before it takes the sender's lock):
    one of an active hook, not delivered, whose attempt is due (on the partial index of waiting
    deliveries)."""
    return (select(HookDelivery.id).join(Hook, Hook.id == HookDelivery.hook_id)
            .where(Hook.active, HookDelivery.delivered_at.is_(None), HookDelivery.next_attempt_at <= func.now())
            .exists())


def _due(session: Session) -> dict[int, list[Delivery]]:
    """Per active hook whose oldest waiting delivery is due: its first BATCH_PER_HOOK waiting ones."""
    ranked = (select(HookDelivery.id, func.row_number().over(partition_by=HookDelivery.hook_id,
                                                              order_by=HookDelivery.id).label("place"))
              .join(Hook, Hook.id == HookDelivery.hook_id)
              .where(Hook.active, HookDelivery.delivered_at.is_(None)).subquery())
    rows = session.execute(
        select(HookDelivery, Hook).join(Hook, Hook.id == HookDelivery.hook_id)
        .join(ranked, ranked.c.id == HookDelivery.id).where(ranked.c.place <= BATCH_PER_HOOK)
        .order_by(HookDelivery.hook_id, HookDelivery.id)).all()
    now, due = datetime.now(timezone.utc), {}
    for delivery, hook in rows:
        if hook.id not in due and delivery.next_attempt_at > now:
            due[hook.id] = None  # its oldest waits for its pause: so do the rest
        if due.setdefault(hook.id, []) is not None:
            due[hook.id].append(Delivery(delivery.id, hook.id, delivery.delivery_id, hook.address, hook.secret,
                                         delivery.body))
    return {hook_id: deliveries for hook_id, deliveries in due.items() if deliveries}


def _record(uow: UnitOfWork, outcomes: dict[int, Outcome]) -> None:
    session, now = uow.session, datetime.now(timezone.utc)
    deliveries = session.scalars(select(HookDelivery).where(HookDelivery.id.in_(outcomes))
                                 .order_by(HookDelivery.id)).all()
    hooks = {hook.id: hook for hook in session.scalars(
        select(Hook).where(Hook.id.in_({delivery.hook_id for delivery in deliveries})).order_by(Hook.id)
        .with_for_update())}
    for delivery in deliveries:
        outcome, hook = outcomes[delivery.id], hooks[delivery.hook_id]
        delivery.attempts += 1
        delivery.last_status, delivery.last_error = outcome.status, outcome.error
        if outcome.error is None:
            delivery.delivered_at, hook.failures = now, 0
            continue
        delivery.next_attempt_at = now + pause_after(delivery.attempts, retry_seconds())
        hook.failures += 1
        log.warning("webhook %s (hook %s) not delivered, attempt %s: %s", delivery.delivery_id, hook.id,
                    delivery.attempts, outcome.error)
        if hook.active and hook.failures >= max_failures():
            hook.active = False
            hook.deactivated_reason = (f"{hook.failures} deliveries in a row failed, the last at "
                                       f"{now.strftime(PICQER_TIME)}: {outcome.error}")[:2000]


PRUNE_BATCH = 5_000


def prune_delivered(uow: UnitOfWork, now: datetime | None = None) -> int:
    """Delete up to PRUNE_BATCH deliveries delivered longer than the retention ago (the oldest
    first, so a backlog shrinks by one short transaction a round); returns how many."""
    before = (now or datetime.now(timezone.utc)) - retention()
    doomed = (select(HookDelivery.id).where(HookDelivery.delivered_at < before)
              .order_by(HookDelivery.delivered_at).limit(PRUNE_BATCH))
    pruned = uow.session.execute(delete(HookDelivery).where(HookDelivery.id.in_(doomed.scalar_subquery()))).rowcount
    if pruned:
        log.info("pruned %s webhook deliveries delivered before %s", pruned, before.strftime(PICQER_TIME))
    return pruned


def prune_round(database: ServiceDatabase) -> int:
    """One replica at a time prunes."""
    with database.exclusive("webhook pruner") as mine:
        return database.change(prune_delivered) if mine else 0
