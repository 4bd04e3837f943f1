"""Linking a client's shops: stored with their credentials encrypted, listed without them, and
unlinked (the credentials forgotten at once)."""
import secrets
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load
from webshop_gateway.credentials import seal
from webshop_gateway.exceptions import InvalidWebshop, WebshopNotFound
from webshop_gateway.models import Webshop
from webshop_gateway.platforms import PLATFORMS, STOCK_PLATFORMS, WEBHOOK_SECRET
from webshop_gateway.schemas import WebshopInput, webshop_output

_webshop_input = WebshopInput()


def linked(session: Session, customer_id: int, webshop_id: int) -> Webshop:
    webshop = session.scalar(select(Webshop).where(Webshop.id == webshop_id, Webshop.customer_id == customer_id,
                                                   Webshop.removed_at.is_(None)))
    if webshop is None:
        raise WebshopNotFound(f"webshop {webshop_id} not found")
    return webshop


def switch_stock_push(webshop: Webshop, enabled: bool) -> None:
    """Our free stock set in the shop's products (WooCommerce and Shopify only). Switched on, they are
    all set once (webshop_gateway.stock_full_push), not only at their next change."""
    switched_on = not webshop.push_stock
    webshop.push_stock = bool(enabled) and webshop.platform in STOCK_PLATFORMS
    if not webshop.push_stock:
        webshop.stock_full_push_offset = None
    elif switched_on:
        webshop.stock_full_push_offset, webshop.stock_full_push_at = 0, datetime.now(timezone.utc)


def link_webshop(uow: UnitOfWork, customer_id: int, data, created_by: str) -> dict:
    fields = load(_webshop_input, data, InvalidWebshop)
    push_stock = fields.pop("push_stock")
    credentials = {name: fields.pop(name) for name in (*PLATFORMS[fields["platform"]], WEBHOOK_SECRET) if name in fields}
    webshop = Webshop(customer_id=customer_id, platform=fields["platform"], name=fields["name"],
                      url=fields["url"].rstrip("/"), credentials=seal(credentials), created_by=created_by,
                      webhook_token=secrets.token_urlsafe(24), push_stock=False)
    switch_stock_push(webshop, push_stock)
    uow.session.add(webshop)
    uow.session.flush()
    return webshop_output.dump(webshop)


def unlink_webshop(uow: UnitOfWork, customer_id: int, webshop_id: int, removed_by: str) -> dict:
    webshop = linked(uow.session, customer_id, webshop_id)
    webshop.credentials, webshop.removed_at, webshop.removed_by = None, func.now(), removed_by
    uow.session.flush()
    return webshop_output.dump(webshop)


def get_webshop(session: Session, customer_id: int, webshop_id: int) -> dict:
    return webshop_output.dump(linked(session, customer_id, webshop_id))


def get_webshop_of_any_customer(session: Session, webshop_id: int) -> dict:
    customer_id = session.scalar(select(Webshop.customer_id).where(Webshop.id == webshop_id))
    if customer_id is None:
        raise WebshopNotFound(f"webshop {webshop_id} not found")
    return get_webshop(session, customer_id, webshop_id)


PAGE_SIZE = 100


def _linked_query():
    return select(Webshop).where(Webshop.removed_at.is_(None)).order_by(Webshop.id)


def list_webshops(session: Session, customer_id: int, idwebshops: list[int] | None) -> list[dict]:
    """The client's linked shops, oldest first; `idwebshops` narrows them to a portal user's
    (None: all of them)."""
    query = _linked_query().where(Webshop.customer_id == customer_id)
    if idwebshops is not None:
        query = query.where(Webshop.id.in_(idwebshops))
    return webshop_output.dump(session.scalars(query).all(), many=True)


def list_webshops_of_all_customers(session: Session, offset: int) -> list[dict]:
    query = _linked_query().offset(offset).limit(PAGE_SIZE)
    return webshop_output.dump(session.scalars(query).all(), many=True)
