"""Creating and reading fulfilment customers (the operator's side of accounts)."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from accounts.exceptions import CustomerNotFound, DuplicateUsername, InvalidCustomer
from accounts.models import Customer, PortalUser
from accounts.passwords import hash_password
from accounts.schemas import CustomerInput, customer_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE_SIZE = 100
_customer_input = CustomerInput()


def parse_new_customer(data) -> dict:
    """Validate a Picqer-shaped customer for creation; raises InvalidCustomer naming the field."""
    return load(_customer_input, data, InvalidCustomer)


def username_taken(session: Session, username: str) -> bool:
    return session.scalar(
        select(func.count()).where(func.lower(PortalUser.username) == username.lower())
    ) > 0


def create_customer(uow: UnitOfWork, data) -> dict:
    fields = parse_new_customer(data)
    session = uow.session
    username = fields.get("username")
    if username and username_taken(session, username):
        raise DuplicateUsername(f"username: '{username}' is already in use")
    customer = Customer(
        name=fields["name"],
        can_login=fields.get("can_login", False),
        language=fields.get("language", "nl"),
        idtemplate=fields.get("idtemplate"),
        allowed_shipping_profiles=fields.get("allowed_shipping_profiles", []),
        preferred_warehouse_id=fields.get("preferred_idwarehouse"),
    )
    session.add(customer)
    if username and fields.get("password"):
        customer.users.append(
            PortalUser(username=username, password_hash=hash_password(fields["password"]), is_primary=True)
        )
    session.flush()
    result = customer_output.dump(customer)
    uow.add_event("customer_created", {"customer": result})
    return result


def get_customer(session: Session, customer_id: int) -> dict:
    customer = session.get(Customer, customer_id, options=[selectinload(Customer.users)])
    if customer is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    return customer_output.dump(customer)


def list_customers(session: Session, offset: int = 0) -> list[dict]:
    customers = session.scalars(
        select(Customer)
        .options(selectinload(Customer.users))
        .order_by(Customer.id)
        .offset(max(offset, 0))
        .limit(PAGE_SIZE)
    )
    return customer_output.dump(customers, many=True)


def find_customer_by_name(session: Session, name: str) -> dict | None:
    customer = session.scalar(
        select(Customer).options(selectinload(Customer.users)).where(Customer.name == name)
    )
    return customer_output.dump(customer) if customer else None
