"""Webhook registrations, as Picqer's /hooks. A customer's hook hears that customer's data only;
a hook without a customer (an operator's) hears every customer's. Every query names whose hooks
it reads (`customer_id`, None for the operator's own): another customer's hook is answered like a
missing one. Deliveries are `accounts.webhooks`."""
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.exceptions import CustomerNotFound, HookNotFound, InvalidHook
from accounts.models import Customer, Hook, HookDelivery
from accounts.schemas import HookInput, hook_delivery_output, hook_output
from accounts.webhooks import private_destination
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_hook_input = HookInput()
PAGE_SIZE = 100
MAX_HOOKS_PER_OWNER = 100
RECENT_DELIVERIES = 50


def _hook_of(session: Session, customer_id: int | None, hook_id: int, lock: bool = False) -> Hook:
    query = select(Hook).where(Hook.id == hook_id, Hook.customer_id.is_not_distinct_from(customer_id))
    hook = session.scalar(query.with_for_update() if lock else query)
    if hook is None:
        raise HookNotFound(f"hook {hook_id} not found")
    return hook


def create_hook(uow: UnitOfWork, customer_id: int | None, data) -> dict:
    fields = load(_hook_input, data, InvalidHook)
    if refused := private_destination(fields["address"], resolve=False):
        raise InvalidHook(f"address: {refused}")
    session = uow.session
    if customer_id is not None and session.get(Customer, customer_id) is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    owned = session.scalars(select(Hook.id).where(Hook.customer_id.is_not_distinct_from(customer_id))
                            .limit(MAX_HOOKS_PER_OWNER)).all()
    if len(owned) >= MAX_HOOKS_PER_OWNER:
        raise InvalidHook(f"At most {MAX_HOOKS_PER_OWNER} hooks: delete one first.")
    hook = Hook(customer_id=customer_id, active=True, failures=0, **fields)
    session.add(hook)
    session.flush()
    return hook_output.dump(hook)


def list_hooks(session: Session, customer_id: int | None, offset: int = 0) -> list[dict]:
    return hook_output.dump(session.scalars(
        select(Hook).where(Hook.customer_id.is_not_distinct_from(customer_id))
        .order_by(Hook.id).offset(offset).limit(PAGE_SIZE)), many=True)


def list_hooks_of_all_customers(session: Session, offset: int = 0) -> list[dict]:
    """For operator keys: every hook, the operator's own and every customer's."""
    return hook_output.dump(session.scalars(select(Hook).order_by(Hook.id).offset(offset).limit(PAGE_SIZE)),
                            many=True)


def get_hook(session: Session, customer_id: int | None, hook_id: int) -> dict:
    return hook_output.dump(_hook_of(session, customer_id, hook_id))


def get_hook_of_any_customer(session: Session, hook_id: int) -> dict:
    hook = session.get(Hook, hook_id)
    if hook is None:
        raise HookNotFound(f"hook {hook_id} not found")
    return hook_output.dump(hook)


def deactivate_hook(uow: UnitOfWork, customer_id: int | None, hook_id: int) -> dict:
    """Picqer's DELETE: the hook stops hearing events; what was queued for it waits (a
    reactivated hook gets it)."""
    hook = _hook_of(uow.session, customer_id, hook_id, lock=True)
    if hook.active:
        hook.active, hook.deactivated_reason = False, "deactivated through the API"
    return hook_output.dump(hook)


def reactivate_hook(uow: UnitOfWork, customer_id: int | None, hook_id: int) -> dict:
    """The hook hears events again, and what waited for it is sent, in order, at once."""
    session = uow.session
    hook = _hook_of(session, customer_id, hook_id, lock=True)
    hook.active, hook.failures, hook.deactivated_reason = True, 0, None
    for delivery in session.scalars(select(HookDelivery).where(HookDelivery.hook_id == hook.id,
                                                               HookDelivery.delivered_at.is_(None))):
        delivery.next_attempt_at = delivery.created_at
    return hook_output.dump(hook)


def list_hook_deliveries(session: Session, customer_id: int | None, hook_id: int) -> list[dict]:
    """The hook's most recent deliveries, newest first: what was sent, when, and how it went."""
    hook = _hook_of(session, customer_id, hook_id)
    return hook_delivery_output.dump(session.scalars(
        select(HookDelivery).where(HookDelivery.hook_id == hook.id)
        .order_by(HookDelivery.id.desc()).limit(RECENT_DELIVERIES)), many=True)


def resend_hook_delivery(uow: UnitOfWork, customer_id: int | None, hook_id: int, delivery_id) -> dict:
    """Send a delivery again, as its receiver asks: one already delivered goes again as a new
    delivery (its own X-Delivery-Id, so a receiver that drops repeats takes it), after what waits
    for the hook; one still waiting is tried at once. Asking twice queues one copy, not two."""
    session = uow.session
    hook = _hook_of(session, customer_id, hook_id, lock=True)  # two at once: the second sees the first's copy
    delivery = session.scalar(select(HookDelivery).where(
        HookDelivery.hook_id == hook.id, HookDelivery.delivery_id == str(delivery_id)[:36]))
    if delivery is None:
        raise HookNotFound(f"delivery {delivery_id} of hook {hook_id} not found")
    waiting = session.scalar(select(HookDelivery).where(
        HookDelivery.hook_id == hook.id, HookDelivery.delivered_at.is_(None), HookDelivery.body == delivery.body)
        .order_by(HookDelivery.id).limit(1))
    if waiting is None:
        waiting = HookDelivery(delivery_id=str(uuid.uuid4()), hook_id=hook.id, event=delivery.event,
                               body=delivery.body, attempts=0)
        session.add(waiting)
    waiting.next_attempt_at = func.now()
    session.flush()
    session.refresh(waiting)
    return hook_delivery_output.dump(waiting)
