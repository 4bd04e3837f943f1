import uuid

import pytest
from nameko.standalone.events import event_dispatcher
from nameko.testing.services import entrypoint_waiter
from sqlalchemy import func, select

from accounts import contract as accounts_contract
from accounts.schemas import CustomerOutput
from catalog.customers import HANDLER
from catalog.models import KnownCustomer
from servicekit.messaging_tables import processed_events
from servicekit.testing import assert_shape

# Not one accounts' own tests announce (see conftest): their events share this broker.
NEW_CUSTOMER = 2001


def customer_created(customer_id: int, name: str, event_id: str) -> dict:
    """The event as accounts publishes it, every field included."""
    return {"event_id": event_id, "customer": {
        "idfulfilment_customer": customer_id, "name": name, "can_login": True, "username": "initech",
        "language": "nl", "idtemplate": None, "last_login_at": None, "allowed_shipping_profiles": [],
        "preferred_idwarehouse": None, "idwarehouse_purchaseorders": None, "can_manage_products": False,
        "notification_email": None, "country": None, "timezone": None, "changes_allowed_until": "picking",
        "process_orders_at_once": False,
    }, "version": 1}


@pytest.fixture
def deliver(container, config):
    """Publish `customer_created` as accounts would, and wait until catalog has handled it."""
    dispatch = event_dispatcher(config)

    def deliver(payload: dict) -> None:
        def is_this_event(worker_ctx, result, exc_info) -> bool:
            return worker_ctx.args[0].get("event_id") == payload["event_id"]

        with entrypoint_waiter(container, "handle_customer_created", timeout=10, callback=is_this_event):
            dispatch("accounts", "customer_created", payload)

    return deliver


def known_name(db, customer_id: int) -> str | None:
    with db.unit_of_work() as uow:
        return uow.session.scalar(select(KnownCustomer.name).where(KnownCustomer.customer_id == customer_id))


def test_test_event_has_the_shape_accounts_promises():
    payload = customer_created(NEW_CUSTOMER, "Initech", str(uuid.uuid4()))
    assert_shape(accounts_contract.EVENTS["customer_created"], payload)
    assert_shape(CustomerOutput, payload["customer"])


def test_announced_customer_can_have_products(rpc, deliver):
    deliver(customer_created(NEW_CUSTOMER, "Initech", str(uuid.uuid4())))
    product = rpc.create_product(NEW_CUSTOMER, {"productcode": "TPS-1", "name": "TPS report cover"})
    assert product["idfulfilment_customer"] == NEW_CUSTOMER


def test_the_same_event_delivered_twice_is_applied_once(db, deliver):
    event_id = str(uuid.uuid4())
    deliver(customer_created(NEW_CUSTOMER, "Initech", event_id))
    # A redelivery that, were it applied, would show: the name differs.
    deliver(customer_created(NEW_CUSTOMER, "Initech Renamed", event_id))
    assert known_name(db, NEW_CUSTOMER) == "Initech"
    with db.unit_of_work() as uow:
        marks = uow.session.scalar(
            select(func.count()).select_from(processed_events)
            .where(processed_events.c.event_id == uuid.UUID(event_id), processed_events.c.handler == HANDLER)
        )
    assert marks == 1

