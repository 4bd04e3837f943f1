"""The fulfilment customers catalog knows of: a local copy of what accounts announces."""
from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from nameko.exceptions import RemoteError
from sqlalchemy.orm import Session

from catalog.exceptions import UnknownCustomer
from catalog.models import KnownCustomer
from catalog.schemas import CustomerCreatedInput
from servicekit.database import ServiceDatabase
from servicekit.unit_of_work import UnitOfWork

HANDLER = "catalog.handle_customer_created"
_customer_created = CustomerCreatedInput()


def remember_customer(session: Session, customer_id: int, name: str) -> None:
    session.execute(
        insert(KnownCustomer)
        .values(customer_id=customer_id, name=name)
        .on_conflict_do_update(
            index_elements=[KnownCustomer.customer_id],
            set_={"name": name, "updated_at": func.now()},
        )
    )


def apply_customer_created(uow: UnitOfWork, payload: dict) -> bool:
    """Remember the announced customer, once per event; False for a redelivery."""
    customer = _customer_created.load(payload)["customer"]
    if not uow.first_delivery(payload, HANDLER):
        return False
    remember_customer(uow.session, customer["idfulfilment_customer"], customer["name"])
    return True


def with_customer_known(db: ServiceDatabase, accounts, change, customer_id: int, *args):
    """`db.change(change, customer_id, *args)`. For a customer catalog has not heard of yet (a
    client created a moment ago, its customer_created still on its way), accounts is asked (no
    transaction open) and the customer remembered, and the change tried once more."""
    try:
        return db.change(change, customer_id, *args)
    except UnknownCustomer as unknown:
        try:
            customer = accounts.get_customer(customer_id)
        except RemoteError:  # CustomerNotFound: nobody knows it
            raise unknown from None
    db.change(lambda uow: remember_customer(uow.session, customer["idfulfilment_customer"], customer["name"]))
    return db.change(change, customer_id, *args)


def require_known_customer(session: Session, customer_id: int) -> KnownCustomer:
    customer = session.scalar(select(KnownCustomer).where(KnownCustomer.customer_id == customer_id))
    if customer is None:
        raise UnknownCustomer(f"customer {customer_id} is not known to the catalog")
    return customer
