"""The operator's warehouses: few, long-lived, named uniquely."""
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from catalog.exceptions import InvalidWarehouse, WarehouseNotFound
from catalog.models import Warehouse
from catalog.schemas import WarehouseInput, warehouse_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_warehouse_input = WarehouseInput()


def create_warehouse(uow: UnitOfWork, name: str) -> dict:
    """Create the warehouse, or return the one that already has this name (seeding repeats)."""
    session = uow.session
    name = load(_warehouse_input, {"name": name}, InvalidWarehouse)["name"]
    # ON CONFLICT rather than look-then-insert: two concurrent seeds must both succeed.
    session.execute(insert(Warehouse).values(name=name).on_conflict_do_nothing(index_elements=["name"]))
    return warehouse_output.dump(session.scalar(select(Warehouse).where(Warehouse.name == name)))


def list_warehouses(session: Session) -> list[dict]:
    return warehouse_output.dump(session.scalars(select(Warehouse).order_by(Warehouse.id)), many=True)


def get_warehouse(session: Session, warehouse_id: int) -> Warehouse:
    warehouse = session.scalar(select(Warehouse).where(Warehouse.id == warehouse_id))
    if warehouse is None:
        raise WarehouseNotFound(f"warehouse {warehouse_id} not found")
    return warehouse


# Warehouses are never deleted: once seen, one exists for the life of the process.
_existing_warehouses: set[int] = set()


def require_warehouse(session: Session, warehouse_id: int) -> None:
    """WarehouseNotFound unless it exists; asks the database once per warehouse and process."""
    if warehouse_id not in _existing_warehouses:
        get_warehouse(session, warehouse_id)
        _existing_warehouses.add(warehouse_id)
