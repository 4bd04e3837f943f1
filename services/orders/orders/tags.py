"""Each client's tags, as Picqer's /tags, and the tags on its orders.

An order carries its tags by title (`Order.tags`, as the portal and PUT /orders/{id}/tags set
them); every title on a client's orders is one of its tags here, made when first named. A tag
is put on an order by its id (`POST /orders/{id}/tags` with `idtag`) or taken off; deleting a
tag takes it off every order of the client, each a step in that order's history."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from orders.exceptions import InvalidOrder, TagNotFound
from orders.lookup import find_order
from orders.models import Order, OrderChange, Tag
from orders.schemas import DEFAULT_TAG_COLOR, MAX_TAGS, TagInput, tag_output
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

PAGE = 100
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


def create_tag(uow: UnitOfWork, customer_id: int, data) -> dict:
    """A new tag; a title the client has already is refused, naming the tag that has it."""
    fields = load(_tag_input, data, InvalidOrder)
    existing = uow.session.scalar(select(Tag).where(Tag.customer_id == customer_id, Tag.title == fields["title"]))
    if existing is not None:
        raise InvalidOrder(f"title: tag {existing.id} is already called “{existing.title}”.")
    tag = Tag(customer_id=customer_id, **fields)
    uow.session.add(tag)
    uow.session.flush()
    return tag_output.dump(tag)


def ensure_tags(session: Session, customer_id: int, titles: list[str]) -> None:
    """Every title named on an order is one of the client's tags (new ones in the default colour)."""
    known = set(session.scalars(select(Tag.title).where(Tag.customer_id == customer_id, Tag.title.in_(titles))))
    for title in dict.fromkeys(titles):
        if title not in known:
            session.add(Tag(customer_id=customer_id, title=title, color=DEFAULT_TAG_COLOR, inherit=False))
    session.flush()


def delete_tag(uow: UnitOfWork, customer_id: int, tag_id: int, changed_by: str) -> None:
    """The tag goes, and with it from every order of the client that carried it."""
    session = uow.session
    tag = _tag(session, tag_id, customer_id, lock=True)
    carrying = session.scalars(select(Order).where(Order.customer_id == customer_id, Order.tags.contains([tag.title]))
                               .order_by(Order.id).with_for_update())
    for order in carrying:
        _retag(order, [title for title in order.tags if title != tag.title], changed_by)
    session.delete(tag)
    session.flush()


def list_order_tags(session: Session, customer_id: int, order_id: int) -> list[dict]:
    """The order's tags as Picqer's tag objects, in the order they were put on."""
    order = find_order(session, customer_id, order_id)
    tags = {tag.title: tag for tag in session.scalars(
        select(Tag).where(Tag.customer_id == customer_id, Tag.title.in_(order.tags)))}
    return [tag_output.dump(tags[title]) for title in order.tags if title in tags]


def add_order_tag(uow: UnitOfWork, customer_id: int, order_id: int, tag_id, changed_by: str) -> list[dict]:
    """Put one of the client's tags on its order (again: nothing changes); the order's tags."""
    tag = _named_tag(uow.session, customer_id, tag_id)
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if tag.title not in order.tags:
        if len(order.tags) >= MAX_TAGS:
            raise InvalidOrder(f"idtag: order {order_id} has {MAX_TAGS} tags already, the most it can have.")
        _retag(order, [*order.tags, tag.title], changed_by)
        uow.session.flush()
    return list_order_tags(uow.session, customer_id, order_id)


def remove_order_tag(uow: UnitOfWork, customer_id: int, order_id: int, tag_id: int, changed_by: str) -> None:
    """Take a tag off the order; one it does not carry answers as not found."""
    tag = _tag(uow.session, tag_id, customer_id)
    order = find_order(uow.session, customer_id, order_id, for_update=True)
    if tag.title not in order.tags:
        raise TagNotFound(f"tag {tag_id} is not on order {order_id}")
    _retag(order, [title for title in order.tags if title != tag.title], changed_by)
    uow.session.flush()


def _named_tag(session: Session, customer_id: int, tag_id) -> Tag:
    """The tag `idtag` names: not a number is refused (400); another client's is not found, as a
    missing one is (404)."""
    if not isinstance(tag_id, int) or isinstance(tag_id, bool):
        raise InvalidOrder("idtag: required, the id of one of your tags (GET /tags).")
    return _tag(session, tag_id, customer_id)


def _retag(order: Order, tags: list[str], changed_by: str) -> None:
    order.changes.append(OrderChange(changed_by=changed_by, change="tags changed",
                                     details={"from": order.tags, "to": tags}))
    order.tags = tags
