"""A customer's address book. Every query names the customer: another customer's address is
answered like a missing one."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.exceptions import AddressNotFound, CustomerNotFound, InvalidAddress
from accounts.models import Address, Customer
from accounts.schemas import AddressInput, address_output
from servicekit.validation import load
from servicekit.unit_of_work import UnitOfWork

_address_input = AddressInput()
MAX_ADDRESSES = 1000


def parse_address(data) -> dict:
    return load(_address_input, data, InvalidAddress)


def _address_of(session: Session, customer_id: int, address_id: int) -> Address:
    address = session.scalar(select(Address).where(Address.id == address_id, Address.customer_id == customer_id))
    if address is None:
        raise AddressNotFound(f"address {address_id} not found")
    return address


def list_addresses(session: Session, customer_id: int) -> list[dict]:
    rows = session.scalars(select(Address).where(Address.customer_id == customer_id)
                           .order_by(Address.name, Address.id).limit(MAX_ADDRESSES))
    return address_output.dump(rows, many=True)


def get_address(session: Session, customer_id: int, address_id: int) -> dict:
    return address_output.dump(_address_of(session, customer_id, address_id))


def create_address(uow: UnitOfWork, customer_id: int, data) -> dict:
    session = uow.session
    fields = parse_address(data)
    if session.get(Customer, customer_id) is None:
        raise CustomerNotFound(f"customer {customer_id} not found")
    address = Address(customer_id=customer_id, **fields)
    session.add(address)
    session.flush()
    return address_output.dump(address)


def update_address(uow: UnitOfWork, customer_id: int, address_id: int, data) -> dict:
    session = uow.session
    fields = parse_address(data)
    address = _address_of(session, customer_id, address_id)
    for name in ("contactname", "address2", "email", "phone"):
        setattr(address, name, None)  # a full replacement: fields left out are cleared
    for name, value in fields.items():
        setattr(address, name, value)
    session.flush()
    return address_output.dump(address)


def delete_address(uow: UnitOfWork, customer_id: int, address_id: int) -> None:
    session = uow.session
    session.delete(_address_of(session, customer_id, address_id))
