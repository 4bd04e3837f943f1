"""Each client's order rules, as the operator set them in accounts: a local copy fed by accounts'
customer_created and customer_updated events, kept at the newest version whatever order they
arrive in. A customer not heard of yet has the defaults."""
from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from orders.models import CustomerOrderRules
from orders.schemas import CustomerAnnouncedInput, OrderRulesOutput
from orders.statuses import DEFAULT_CHANGES_ALLOWED_UNTIL
from servicekit.unit_of_work import UnitOfWork

_announced = CustomerAnnouncedInput()
_rules_output = OrderRulesOutput()


def default_rules(customer_id: int) -> CustomerOrderRules:
    return CustomerOrderRules(customer_id=customer_id, changes_allowed_until=DEFAULT_CHANGES_ALLOWED_UNTIL,
                              process_orders_at_once=False, preferred_warehouse_id=None, allowed_shipping_profiles=[],
                              version=0)


def rules_of(session: Session, customer_id: int) -> CustomerOrderRules:
    return session.get(CustomerOrderRules, customer_id) or default_rules(customer_id)


def get_order_rules(session: Session, customer_id: int) -> dict:
    return _rules_output.dump(rules_of(session, customer_id))


def apply_customer_announced(uow: UnitOfWork, payload: dict, handler: str) -> bool:
    """Keep the announced customer's rules, once per event; an event older than the copy (by
    accounts' version) changes nothing. False for a redelivery."""
    announced = _announced.load(payload)
    if not uow.first_delivery(payload, handler):
        return False
    customer = announced["customer"]
    values = {"customer_id": customer["idfulfilment_customer"],
              "changes_allowed_until": customer["changes_allowed_until"],
              "process_orders_at_once": customer["process_orders_at_once"],
              "preferred_warehouse_id": customer["preferred_idwarehouse"],
              "allowed_shipping_profiles": customer["allowed_shipping_profiles"],
              "version": announced["version"]}
    statement = insert(CustomerOrderRules).values(**values)
    uow.session.execute(statement.on_conflict_do_update(
        index_elements=[CustomerOrderRules.customer_id],
        set_={**{name: statement.excluded[name] for name in values if name != "customer_id"},
              "updated_at": func.now()},
        where=CustomerOrderRules.version < statement.excluded.version,
    ))
    return True
