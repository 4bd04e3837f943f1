"""Shipments: the parcels the warehouse sends for a picklist, each with a shipping profile the
client may use, its weight and the carrier's track & trace code (the address made from the
provider's pattern unless one is given). Several parcels are several shipments; one may be
cancelled within minutes (`shipping_rules.may_cancel`). Each is announced (`order_shipped`, with
the moment it can no longer be cancelled, so the client's mail waits until then) and a
cancellation too (`shipment_cancelled`). Every function here works inside one transaction."""
from datetime import datetime, timezone

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from orders.exceptions import InvalidOrder, InvalidShipment, ShipmentNotFound
from orders.lookup import PAGE_SIZE, from_users_webshops, moment_filter, warehouse_ids, whole_number_filter
from orders.models import OrderChange, Picklist, PicklistLine, Shipment, ShippingProfile, ShippingProvider
from orders.picklists import find_picklist, locked_picklist
from orders.schemas import ShipmentInput, picklist_number, shipment_output
from orders.shipping_providers import usable_profile
from orders.shipping_rules import CARRIERS, may_cancel, tracktrace_url, window_in_words
from orders.statuses import PICKLIST_CANCELLED
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_shipment_input = ShipmentInput()


def shipments_query() -> Select:
    return (select(Shipment)
            .options(joinedload(Shipment.order),
                     joinedload(Shipment.picklist).selectinload(Picklist.lines).selectinload(PicklistLine.line))
            .order_by(Shipment.id.desc()))


def create_shipment(uow: UnitOfWork, customer_id: int, picklist_id: int, data, created_by: str) -> dict:
    """A parcel for a picklist with something picked on it (open or closed)."""
    fields = load(_shipment_input, data, InvalidShipment)
    order, picklist = locked_picklist(uow.session, customer_id, picklist_id)
    number = picklist_number(picklist)
    if picklist.status == PICKLIST_CANCELLED:
        raise InvalidShipment(f"Picklist {number} is cancelled: there is nothing to ship.")
    if not any(line.amount_picked for line in picklist.lines):
        raise InvalidShipment(f"Nothing is picked on picklist {number}: pick what goes in the parcel first.")
    profile_id = fields.get("idshippingprovider_profile") or order.shipping_profile_id
    if profile_id is None:
        raise InvalidShipment("idshippingprovider_profile: required, the order names no shipping profile")
    profile = usable_profile(uow.session, customer_id, profile_id, InvalidShipment)
    shipment = Shipment(
        customer_id=customer_id, picklist=picklist, order=order, profile=profile, weight=fields["weight"],
        trackingcode=fields["trackingcode"], created_by=created_by,
        tracktraceurl=fields.get("trackingurl") or tracktrace_url(profile.provider.tracktraceurl_pattern,
                                                                  fields["trackingcode"]),
        from_backorder=picklist.id != min(p.id for p in order.picklists))
    uow.session.add(shipment)
    order.changes.append(OrderChange(changed_by=created_by, change="shipped", details={
        "picklistid": number, "carrier": profile.provider.public_providername,
        "trackingcode": shipment.trackingcode}))
    uow.session.flush()
    result = shipment_output.dump(shipment)
    uow.add_event("order_shipped", {"shipment": result})
    return result


def cancel_shipment(uow: UnitOfWork, customer_id: int, picklist_id: int, shipment_id: int, cancelled_by: str) -> dict:
    """Within the cancel window after making it; cancelling again answers it as it is."""
    order, picklist = locked_picklist(uow.session, customer_id, picklist_id)
    shipment = next((s for s in picklist.shipments if s.id == shipment_id), None)
    if shipment is None:
        raise ShipmentNotFound(f"shipment {shipment_id} not found")
    if shipment.cancelled:
        return shipment_output.dump(shipment)
    now = datetime.now(timezone.utc)
    if not may_cancel(shipment.created_at, now):
        raise InvalidShipment(f"Shipment {shipment_id} was made more than {window_in_words()} ago: "
                              "it is with the carrier and can no longer be cancelled.")
    shipment.cancelled_at = now
    order.changes.append(OrderChange(changed_by=cancelled_by, change="shipment cancelled", details={
        "picklistid": picklist_number(picklist), "trackingcode": shipment.trackingcode}))
    uow.session.flush()
    result = shipment_output.dump(shipment)
    uow.add_event("shipment_cancelled", {"shipment": result})
    return result


def list_picklist_shipments(session: Session, customer_id: int, picklist_id: int) -> list[dict]:
    """Oldest first, cancelled ones too (they say so)."""
    find_picklist(session, customer_id, picklist_id)
    query = shipments_query().where(Shipment.picklist_id == picklist_id).order_by(None).order_by(Shipment.id)
    return shipment_output.dump(session.scalars(query), many=True)


def _filtered(query: Select, filters: dict | None) -> Select:
    """idorder, idpicklist, carrier_key, sincedate and untildate (days, UTC), search (the
    track & trace code, or the order's reference), a portal user's warehouses."""
    filters = filters or {}
    for name, column in (("idorder", Shipment.order_id), ("idpicklist", Shipment.picklist_id)):
        if (value := whole_number_filter(filters, name)) is not None:
            query = query.where(column == value)
    if carrier := filters.get("carrier_key"):
        if carrier not in CARRIERS:
            raise InvalidOrder(f"carrier_key: must be one of {', '.join(CARRIERS)}")
        query = query.where(Shipment.profile_id.in_(
            select(ShippingProfile.id).join(ShippingProvider).where(ShippingProvider.carrier_key == carrier)))
    if since := moment_filter(filters, "sincedate"):
        query = query.where(Shipment.created_at >= since)
    if until := moment_filter(filters, "untildate", end_of_day=True):  # a bare date: the whole day
        query = query.where(Shipment.created_at <= until)
    if (warehouses := warehouse_ids(filters)) is not None:
        query = query.where(Shipment.picklist_id.in_(select(Picklist.id).where(Picklist.warehouse_id.in_(warehouses))))
    if (from_webshops := from_users_webshops(filters)) is not None:
        query = query.where(Shipment.order.has(from_webshops))
    if search := str(filters.get("search") or "").strip():
        query = query.where(or_(Shipment.trackingcode.icontains(search, autoescape=True),
                                Shipment.order.has(reference=search)))
    return query


def list_shipments(session: Session, customer_id: int, offset: int = 0, filters: dict | None = None) -> list[dict]:
    """Newest first, at most 100."""
    query = _filtered(shipments_query().where(Shipment.customer_id == customer_id), filters)
    return shipment_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)


def list_shipments_of_all_customers(session: Session, offset: int = 0, filters: dict | None = None) -> list[dict]:
    query = _filtered(shipments_query(), filters)
    return shipment_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)
