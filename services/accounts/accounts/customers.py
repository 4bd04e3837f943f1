"""Creating and reading fulfilment customers (the operator's side of accounts)."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from accounts.exceptions import CustomerNotFound, DuplicateUsername, InvalidCustomer
from accounts.models import Customer, PortalUser
from accounts.passwords import hash_password, refuse_weak_password
from accounts.schemas import PERMISSIONS, CustomerInput, customer_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE_SIZE = 100
_customer_input = CustomerInput()


# Picqer's field names on the left, ours on the right, where they differ.
_COLUMNS = {"preferred_idwarehouse": "preferred_warehouse_id",
            "idwarehouse_purchaseorders": "purchase_order_warehouse_id"}
_SETTINGS = ("name", "can_login", "language", "idtemplate", "allowed_shipping_profiles",
             "preferred_idwarehouse", "idwarehouse_purchaseorders", "can_manage_products",
             "notification_email", "country", "timezone", "changes_allowed_until", "process_orders_at_once")


def parse_new_customer(data) -> dict:
    """Validate a Picqer-shaped customer for creation; raises InvalidCustomer naming the field."""
    return load(_customer_input, data, InvalidCustomer)


def parse_customer_changes(data) -> dict:
    """Validate a partial update: only the fields given change."""
    fields = load(_customer_input, data, InvalidCustomer, partial=True)
    if "name" in fields and not fields["name"]:
        raise InvalidCustomer("name: Must not be empty.")
    return fields


def username_taken(session: Session, customer_id: int, username: str, except_user_id: int | None = None) -> bool:
    """Whether another user of this customer has the name (other customers' users may)."""
    query = select(func.count()).where(PortalUser.customer_id == customer_id,
                                       func.lower(PortalUser.username) == username.lower())
    if except_user_id is not None:
        query = query.where(PortalUser.id != except_user_id)
    return session.scalar(query) > 0


def _apply_settings(customer: Customer, fields: dict) -> None:
    for field in _SETTINGS:
        if field in fields:
            setattr(customer, _COLUMNS.get(field, field), fields[field])


def create_customer(uow: UnitOfWork, data) -> dict:
    fields = parse_new_customer(data)
    session = uow.session
    username = fields.get("username")
    customer = Customer(can_login=False, language="nl", allowed_shipping_profiles=[], can_manage_products=False,
                        changes_allowed_until="picking", process_orders_at_once=False, version=1)
    _apply_settings(customer, fields)
    session.add(customer)
    if username and fields.get("password"):
        refuse_weak_password(fields["password"], (username, customer.name, customer.notification_email), InvalidCustomer)
        customer.users.append(_primary_user(username, fields["password"]))
    session.flush()
    result = customer_output.dump(customer)
    uow.add_event("customer_created", {"customer": result, "version": customer.version})
    return result


def _primary_user(username: str, password: str) -> PortalUser:
    """The login the operator gives a customer (Picqer's username/password): it may do everything."""
    return PortalUser(username=username, password_hash=hash_password(password), is_primary=True,
                      is_active=True, permissions=list(PERMISSIONS), session_version=1)


def update_customer(uow: UnitOfWork, customer_id: int, data) -> dict:
    """Change the fields given. A new password ends the primary user's sessions; `can_login`
    false locks every user of the customer out at their next request."""
    fields = parse_customer_changes(data)
    session = uow.session
    customer = session.get(Customer, customer_id, options=[selectinload(Customer.users)],
                           with_for_update=True)
    if customer is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    could_login = customer.can_login
    _apply_settings(customer, fields)
    if could_login and not customer.can_login:
        # Every session ends now, so switching login on again later revives none of them.
        for user in customer.users:
            user.session_version += 1
    _change_primary_login(session, customer, fields.get("username"), fields.get("password"))
    if customer.can_login and not customer.users:
        raise InvalidCustomer("can_login: The customer has no login yet; give username and password too.")
    customer.version += 1  # under the row lock taken above: versions never go back
    session.flush()
    result = customer_output.dump(customer)
    uow.add_event("customer_updated", {"customer": result, "version": customer.version})
    return result


def _change_primary_login(session: Session, customer: Customer, username: str | None,
                          password: str | None) -> None:
    user = customer.primary_user
    if username and username_taken(session, customer.id, username, except_user_id=user.id if user else None):
        raise DuplicateUsername(f"username: '{username}' is already in use")
    if password:
        known = (username or (user.username if user else None), customer.name, user.email if user else None)
        refuse_weak_password(password, known, InvalidCustomer)
    if user is None:
        if username and password:
            customer.users.append(_primary_user(username, password))
        elif username or password:
            raise InvalidCustomer("username, password: Give both to create the customer's first login.")
        return
    if username:
        user.username = username
    if password:
        user.password_hash = hash_password(password)
        user.session_version += 1


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
