"""Returns: a client registers goods coming back from a shipped order (which products, how many,
why; optionally replacement products), and the warehouse moves the return through Picqer's
statuses: announced → received → completed, or rejected. Nothing comes back that was not
shipped: per order line, what open and finished returns hold together stays within what it
shipped. Completing a return places its replacements as a new order (as the client's orders
are placed: processed at once if its rules say so). Every status change is kept with who and
when, and announced (`return_status_changed`). Every function here works inside one transaction."""
from datetime import datetime, timezone

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from orders.exceptions import InvalidReturn, OrderNotFound, ReturnNotFound, UnknownProducts
from orders.known_products import find_known_products
from orders.lookup import PAGE_SIZE, find_order, whole_number_filter
from orders.models import Order, OrderChange, Return, ReturnChange, ReturnLine, ReturnReplacement
from orders.placing import create_order, idempotency_key_for, match_lines
from orders.schemas import ReturnInput, order_output, return_number, return_output
from orders.statuses import (
    ASKED, RECORDED, RETURN_ANNOUNCED, RETURN_COMPLETED, RETURN_RECEIVED, RETURN_REJECTED, RETURN_STATUSES, RETURN_STEPS,
)
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_return_input = ReturnInput()
MAX_NOTE = 500
ADDRESS_FIELDS = ("deliveryname", "deliverycontactname", "deliveryaddress", "deliveryaddress2", "deliveryzipcode",
                  "deliverycity", "deliverycountry")


def returns_query() -> Select:
    return (select(Return)
            .options(joinedload(Return.order), selectinload(Return.lines), selectinload(Return.replacements),
                     selectinload(Return.changes))
            .order_by(Return.id.desc()))


def find_return(session: Session, customer_id: int, return_id: int, for_update: bool = False) -> Return:
    """The customer's return; another customer's answers exactly like a missing one."""
    query = returns_query().where(Return.id == return_id, Return.customer_id == customer_id)
    found = session.scalar(query.with_for_update(of=Return) if for_update else query)
    if found is None:
        raise ReturnNotFound(f"return {return_id} not found")
    return found


def _returned_before(session: Session, order_id: int) -> dict[int, int]:
    """Per order line, what returns that were not rejected hold already."""
    rows = session.execute(select(ReturnLine.order_line_id, func.sum(ReturnLine.amount))
                           .join(Return).where(Return.order_id == order_id, Return.status != RETURN_REJECTED)
                           .group_by(ReturnLine.order_line_id))
    return {line_id: int(amount) for line_id, amount in rows}


def _order_line(order: Order, number: int, product: dict):
    """The order's line a returned product names (by idorder_product, idproduct or productcode)."""
    for key, attribute in (("idorder_product", "id"), ("idproduct", "product_id"), ("productcode", "productcode")):
        if key in product:
            line = next((line for line in order.lines if getattr(line, attribute) == product[key]), None)
            if line is None:
                raise InvalidReturn(f"returned_products.{number}: {product[key]} is not on order {order.id}")
            return line
    raise InvalidReturn(f"returned_products.{number}: give idorder_product, idproduct or productcode")


def register_return(uow: UnitOfWork, customer_id: int, data, created_by: str, idempotency_key: str | None = None) -> dict:
    """Announced, for products of the client's order that were shipped and not returned yet.
    Replacement products naming products orders has not heard of raise UnknownProducts. A
    repeated `idempotency_key` answers the return made before (checked under the order's lock,
    so two retries at once make one)."""
    fields = load(_return_input, data, InvalidReturn)
    session, key = uow.session, idempotency_key_for(idempotency_key)
    try:
        order = find_order(session, customer_id, fields["idorder"], for_update=True)
    except OrderNotFound:
        raise InvalidReturn(f"idorder: there is no order {fields['idorder']}") from None
    if key and (existing := session.scalar(returns_query().where(Return.customer_id == customer_id,
                                                                 Return.idempotency_key == key))):
        return return_output.dump(existing)
    returned = _returned_before(session, order.id)
    lines = []
    for number, product in enumerate(fields["returned_products"]):
        line = _order_line(order, number, product)
        returned[line.id] = returned.get(line.id, 0) + product["amount"]
        if returned[line.id] > line.shipped:
            raise InvalidReturn(f"returned_products.{number}: {line.productcode} shipped {line.shipped} and "
                                f"{returned[line.id] - product['amount']} are returned already; "
                                f"{product['amount']} more is too many")
        lines.append(ReturnLine(line=line, amount=product["amount"], reason=product["reason"]))
    wanted = fields["replacement_products"]
    try:
        matched = match_lines(wanted, find_known_products(
            session, customer_id, [p["idproduct"] for p in wanted if "idproduct" in p],
            [p["productcode"] for p in wanted if "productcode" in p]))
    except UnknownProducts as unknown:
        raise UnknownProducts(unknown.product_ids, unknown.productcodes,
                              InvalidReturn(str(unknown.refusal).replace("products.", "replacement_products."))) from None
    return_ = Return(customer_id=customer_id, order=order, status=RETURN_ANNOUNCED, reference=fields.get("reference"),
                     tracking_code=fields.get("tracking_code"), created_by=created_by, lines=lines, idempotency_key=key,
                     replacements=[ReturnReplacement(product_id=m["product"]["idproduct"],
                                                     productcode=m["product"]["productcode"],
                                                     name=m["product"]["name"], amount=m["amount"]) for m in matched],
                     changes=[ReturnChange(status=RETURN_ANNOUNCED, changed_by=created_by)])
    session.add(return_)
    session.flush()
    order.changes.append(OrderChange(changed_by=created_by, change="return announced",
                                     details={"returnid": return_number(return_)}))
    result = return_output.dump(return_)
    uow.add_event("return_status_changed", {"return": result})
    return result


def _mark_damaged(return_: Return, damaged) -> None:
    """`damaged`: [{idreturn_product, amount}], units received that do not go back on the shelf."""
    if damaged is None:
        return
    if not isinstance(damaged, list):
        raise InvalidReturn("damaged_products: a list of {idreturn_product, amount}")
    lines = {line.id: line for line in return_.lines}
    for number, item in enumerate(damaged):
        line = lines.get(item.get("idreturn_product")) if isinstance(item, dict) else None
        amount = item.get("amount") if isinstance(item, dict) else None
        if line is None:
            raise InvalidReturn(f"damaged_products.{number}: idreturn_product must be a product of this return")
        if not isinstance(amount, int) or isinstance(amount, bool) or not 0 <= amount <= line.amount:
            raise InvalidReturn(f"damaged_products.{number}: amount from 0 to {line.amount}")
        line.amount_damaged = amount


def change_return_status(uow: UnitOfWork, customer_id: int, return_id: int, status: str, changed_by: str,
                         note=None, damaged=None) -> dict:
    """The next step only (announced → received → completed; rejected from either); the same
    status again answers the return as it is. Receiving asks catalog to restock what is not
    damaged (`restock` asked, after commit: orders.stock_reservations.restock_for_return).
    Completing places the replacements as a new order:
    `{"return": ..., "replacement_order": OrderOutput or None}`."""
    if status not in RETURN_STATUSES:
        raise InvalidReturn(f"status: must be one of {', '.join(RETURN_STATUSES)}")
    if note is not None and (not isinstance(note, str) or len(note.strip()) > MAX_NOTE):
        raise InvalidReturn(f"note: text of at most {MAX_NOTE} characters")
    return_ = find_return(uow.session, customer_id, return_id, for_update=True)
    if return_.status == status:
        return {"return": return_output.dump(return_), "replacement_order": None}
    if status not in RETURN_STEPS.get(return_.status, ()):
        allowed = " or ".join(RETURN_STEPS.get(return_.status, ())) or "nothing: it is final"
        raise InvalidReturn(f"Return {return_number(return_)} is {return_.status}: it can become {allowed}, "
                            f"not {status}.")
    return_.status = status
    if status == RETURN_RECEIVED:
        _mark_damaged(return_, damaged)
        return_.received_at = datetime.now(timezone.utc)
        if any(line.amount > line.amount_damaged for line in return_.lines) and return_.order.warehouse_id:
            return_.restock, return_.restock_asked_at = ASKED, return_.received_at
    return_.changes.append(ReturnChange(status=status, changed_by=changed_by, note=(note or "").strip() or None))
    replacement = None
    if status == RETURN_COMPLETED and return_.replacements:
        address = order_output.dump(return_.order)
        data = {**{name: address[name] for name in ADDRESS_FIELDS}, "reference": f"{return_number(return_)} replacement",
                "products": [{"idproduct": r.product_id, "amount": r.amount} for r in return_.replacements]}
        replacement = create_order(uow, customer_id, data, "portal", changed_by, f"return:{return_.id}")["order"]
        return_.replacement_order_id = replacement["idorder"]
    uow.session.flush()
    result = return_output.dump(return_)
    uow.add_event("return_status_changed", {"return": result})
    return {"return": result, "replacement_order": replacement}


def restock_request(session: Session, customer_id: int, return_id: int) -> dict | None:
    """What to ask catalog for a received return whose restock has no answer recorded, else None."""
    return_ = find_return(session, customer_id, return_id)
    if return_.restock != ASKED:
        return None
    per_product: dict[int, int] = {}
    for line in return_.lines:
        if line.amount > line.amount_damaged:
            per_product[line.line.product_id] = per_product.get(line.line.product_id, 0) + line.amount - line.amount_damaged
    return {"warehouse_id": return_.order.warehouse_id, "reference": {"type": "return", "id": return_.id},
            "lines": [{"idproduct": product, "amount": amount} for product, amount in sorted(per_product.items())]}


def record_restock(uow: UnitOfWork, customer_id: int, return_id: int) -> dict:
    """Catalog put it back on the shelf (once per return and product, whatever is asked again)."""
    return_ = find_return(uow.session, customer_id, return_id, for_update=True)
    if return_.restock == ASKED:
        return_.restock, return_.restock_asked_at = RECORDED, None
        uow.session.flush()
    return return_output.dump(return_)


def unanswered_restocks(session: Session, asked_before: datetime, limit: int) -> list[tuple[int, int]]:
    """(customer, return) of restocks asked of catalog before `asked_before` and not answered."""
    rows = session.execute(select(Return.customer_id, Return.id)
                           .where(Return.restock == ASKED, Return.restock_asked_at < asked_before)
                           .order_by(Return.restock_asked_at).limit(limit))
    return [tuple(row) for row in rows]


def get_return(session: Session, customer_id: int, return_id: int) -> dict:
    return return_output.dump(find_return(session, customer_id, return_id))


def get_return_of_any_customer(session: Session, return_id: int) -> dict:
    """The operator's view across customers (the gateway offers it to operator keys only)."""
    found = session.scalar(returns_query().where(Return.id == return_id))
    if found is None:
        raise ReturnNotFound(f"return {return_id} not found")
    return return_output.dump(found)


def _filtered(query: Select, filters: dict | None) -> Select:
    filters = filters or {}
    if (order_id := whole_number_filter(filters, "idorder")) is not None:
        query = query.where(Return.order_id == order_id)
    if status := filters.get("status"):
        if status not in RETURN_STATUSES:
            raise InvalidReturn(f"status: must be one of {', '.join(RETURN_STATUSES)}")
        query = query.where(Return.status == status)
    return query


def list_returns(session: Session, customer_id: int, offset: int = 0, filters: dict | None = None) -> list[dict]:
    """Newest first, at most 100; filters idorder, status."""
    query = _filtered(returns_query().where(Return.customer_id == customer_id), filters)
    return return_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)


def list_returns_of_all_customers(session: Session, offset: int = 0, filters: dict | None = None) -> list[dict]:
    query = _filtered(returns_query(), filters)
    return return_output.dump(session.scalars(query.offset(max(offset, 0)).limit(PAGE_SIZE)), many=True)
