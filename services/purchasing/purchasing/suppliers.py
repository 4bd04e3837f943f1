"""Each client's own list of suppliers, which its purchase orders name."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from purchasing.exceptions import InvalidSupplier, SupplierNotFound
from purchasing.models import Supplier
from purchasing.schemas import SupplierInput, supplier_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE_SIZE = 100
_supplier_input = SupplierInput()


def find_supplier(session: Session, customer_id: int, supplier_id) -> Supplier:
    if not isinstance(supplier_id, int) or isinstance(supplier_id, bool):
        raise SupplierNotFound(f"supplier {supplier_id} not found")
    supplier = session.scalar(select(Supplier).where(Supplier.customer_id == customer_id, Supplier.id == supplier_id))
    if supplier is None:
        raise SupplierNotFound(f"supplier {supplier_id} not found")
    return supplier


def get_supplier(session: Session, customer_id: int, supplier_id) -> dict:
    return supplier_output.dump(find_supplier(session, customer_id, supplier_id))


def list_suppliers(session: Session, customer_id: int, offset=0) -> list[dict]:
    """The client's suppliers by name, 100 a page."""
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise InvalidSupplier("offset: must be a whole number, 0 or more")
    rows = session.scalars(select(Supplier).where(Supplier.customer_id == customer_id)
                           .order_by(Supplier.name, Supplier.id).offset(offset).limit(PAGE_SIZE))
    return supplier_output.dump(rows, many=True)


def create_supplier(uow: UnitOfWork, customer_id: int, data) -> dict:
    supplier = Supplier(customer_id=customer_id, **load(_supplier_input, data, InvalidSupplier))
    uow.session.add(supplier)
    uow.session.flush()
    return supplier_output.dump(supplier)


def update_supplier(uow: UnitOfWork, customer_id: int, supplier_id, data) -> dict:
    """Change some fields; purchase orders keep the name they were made with."""
    supplier = find_supplier(uow.session, customer_id, supplier_id)
    changes = load(_supplier_input, data, InvalidSupplier, partial=True)
    for name, value in changes.items():
        setattr(supplier, name, value)
    uow.session.flush()
    return supplier_output.dump(supplier)
