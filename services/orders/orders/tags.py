"""Each client's tags, as Picqer's /tags, and the tags on its orders.

An order carries its tags by id (`Order.tags`, through `order_tags`), so a tag renamed or
recoloured is so on every order. A title named on an order (the portal, PUT /orders/{id}/tags) is
one of the client's tags, made when first named; titles are the same whatever their case, as in
Picqer. A tag is put on an order by its id (`POST /orders/{id}/tags` with `idtag`) or taken off;
deleting a tag takes it off every order of the client, each a step in that order's history."""
from sqlalchemy import func, select, true
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from orders.exceptions import DuplicateTagTitle, InvalidOrder, TagNotFound
from orders.lookup import find_order
from orders.models import Order, OrderChange, Tag
from orders.schemas import DEFAULT_TAG_COLOR, MAX_TAGS, TagInput, tag_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE = 100
UNIQUE_TITLE = "uq_tags_customer_title"
_tag_input = TagInput()


def list_tags(session: Session, customer_id: int, offset: int = 0) -> list[dict]:
    return _page(session, select(Tag).where(Tag.customer_id == customer_id), offset)


def list_tags_of_all_customers(session: Session, offset: int = 0) -> list[dict]:
    return _page(session, select(Tag), offset)


def _page(session: Session, query, offset: int) -> list[dict]:
    return tag_output.dump(session.scalars(query.order_by(Tag.id).offset(offset).limit(PAGE)), many=True)


def get_tag(session: Session, customer_id: int, tag_id: int) -> dict:
    return tag_output.dump(_tag(session, tag_id, customer_id))


def get_tag_of_any_customer(session: Session, tag_id: int) -> dict:
    return tag_output.dump(_tag(session, tag_id))


def _tag(session: Session, tag_id: int, customer_id: int | None = None, lock: bool = False) -> Tag:
    query = select(Tag).where(Tag.id == tag_id)
    if customer_id is not None:
        query = query.where(Tag.customer_id == customer_id)
    tag = session.scalar(query.with_for_update() if lock else query)
    if tag is None:
        raise TagNotFound(f"tag {tag_id} not found")
    return tag


def _titled(title: str):
    return func.lower(Tag.title) == title.lower()


def _save_titled(session: Session, tag: Tag, fields: dict) -> None:
    """Give the new or existing tag these fields and write it. The unique index decides whether its
    title is taken (whatever its case), so that two made or renamed at once cannot both win; the
    refusal names the tag that has the title, read once the savepoint is undone."""
    tag_id = tag.id
    try:
        with session.begin_nested():
            for name, value in fields.items():
                setattr(tag, name, value)
            session.add(tag)
    except IntegrityError as error:
        if error.orig.diag.constraint_name != UNIQUE_TITLE:
            raise
        existing = session.scalar(select(Tag).where(Tag.customer_id == tag.customer_id, _titled(fields["title"]),
                                                    Tag.id != tag_id if tag_id else true()))
        raise DuplicateTagTitle(f"title: tag {existing.id} is already called “{existing.title}”.") from None


def create_tag(uow: UnitOfWork, customer_id: int, data) -> dict:
    """A new tag; a title the client has already is refused."""
    tag = Tag(customer_id=customer_id)
    _save_titled(uow.session, tag, load(_tag_input, data, InvalidOrder))
    return tag_output.dump(tag)


def update_tag(uow: UnitOfWork, customer_id: int, tag_id: int, data) -> dict:
    """Rename, recolour or change `inherit`: only the fields named change. The orders carrying the
    tag show it so at once (they carry it by id); their history is not touched, as no order changed."""
    fields = load(_tag_input, data, InvalidOrder, partial=True)
    tag = _tag(uow.session, tag_id, customer_id, lock=True)
    _save_titled(uow.session, tag, fields)
    return tag_output.dump(tag)


def tags_titled(session: Session, customer_id: int, titles: list[str]) -> list[Tag]:
    """The client's tags of these titles (whatever their case), in that order, one per tag; a
    title it has no tag of yet becomes one in the default colour."""
    def known() -> dict[str, Tag]:
        return {tag.title.lower(): tag for tag in session.scalars(select(Tag).where(
            Tag.customer_id == customer_id, func.lower(Tag.title).in_([title.lower() for title in titles])))}

    found = known()
    new = {title.lower(): title for title in titles if title.lower() not in found}
    if new:  # one named at once elsewhere is that one (the unique index waits for it)
        session.execute(insert(Tag).values([{"customer_id": customer_id, "title": title, "color": DEFAULT_TAG_COLOR,
                                             "inherit": False} for title in new.values()]).on_conflict_do_nothing())
        found = known()
    return list({found[title.lower()].id: found[title.lower()] for title in titles}.values())


def retag(order: Order, tags: list[Tag], changed_by: str) -> None:
    """The order's tags become `tags`, a step in its history (by title, as they were then)."""
    order.changes.append(OrderChange(changed_by=changed_by, change="tags changed",
                                     details={"from": [tag.title for tag in order.tags],
                                              "to": [tag.title for tag in tags]}))
    order.tags = tags


def delete_tag(uow: UnitOfWork, customer_id: int, tag_id: int, changed_by: str) -> None:
    """The tag goes, and with it from every order of the client that carried it."""
    session = uow.session
    tag = _tag(session, tag_id, customer_id, lock=True)
    carrying = session.scalars(select(Order).where(Order.customer_id == customer_id, Order.tags.contains(tag))
                               .order_by(Order.id).with_for_update())
    for order in carrying:
        retag(order, [kept for kept in order.tags if kept.id != tag.id], changed_by)
    session.delete(tag)
    session.flush()


def list_order_tags(session: Session, customer_id: int, order_id: int) -> list[dict]:
    """The order's tags as Picqer's tag objects, in the order they were put on."""
    return tag_output.dump(find_order(session, customer_id, order_id).tags, many=True)


def add_order_tag(uow: UnitOfWork, customer_id: int, order_id: int, tag_id, changed_by: str) -> list[dict]:
    """Put one of the client's tags on its order (again: nothing changes); the order's tags."""
    tag = _named_tag(uow.session, customer_id, tag_id)
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if tag not in order.tags:
        if len(order.tags) >= MAX_TAGS:
            raise InvalidOrder(f"idtag: order {order_id} has {MAX_TAGS} tags already, the most it can have.")
        retag(order, [*order.tags, tag], changed_by)
        uow.session.flush()
    return tag_output.dump(order.tags, many=True)


def remove_order_tag(uow: UnitOfWork, customer_id: int, order_id: int, tag_id: int, changed_by: str) -> None:
    """Take a tag off the order; one it does not carry answers as not found."""
    tag = _tag(uow.session, tag_id, customer_id)
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if tag not in order.tags:
        raise TagNotFound(f"tag {tag_id} is not on order {order_id}")
    retag(order, [kept for kept in order.tags if kept.id != tag.id], changed_by)
    uow.session.flush()


def _named_tag(session: Session, customer_id: int, tag_id) -> Tag:
    """The tag `idtag` names: not a number is refused (400); another client's is not found, as a
    missing one is (404)."""
    if not isinstance(tag_id, int) or isinstance(tag_id, bool):
        raise InvalidOrder("idtag: required, the id of one of your tags (GET /tags).")
    return _tag(session, tag_id, customer_id)
