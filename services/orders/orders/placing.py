"""Placing an order: validate it, match its lines to the client's products, store it once, and
process it at once if the client's rules say so."""
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import Integer, Numeric, String, and_, bindparam, column, func, insert, literal, select, true
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from orders.allocation import NOT_PROCESSED_AT_ONCE, PROCESSED_AT_ONCE_BY, processing
from orders.customer_rules import default_rules
from orders.exceptions import InvalidOrder, UnknownProducts
from orders.known_products import NAMED_IN_LINES
from orders.lookup import orders_query
from orders.models import CustomerOrderRules, KnownProduct, Order, OrderChange, OrderLine
from orders.schemas import SOURCES, OrderInput, order_output
from orders.shipping_providers import usable_profile
from orders.statuses import CONCEPT, client_may_change
from servicekit.unit_of_work import UnitOfWork
from servicekit.validation import load

_order_input = OrderInput()
_orders, _lines, _changes = Order.__table__, OrderLine.__table__, OrderChange.__table__
_rules_table = CustomerOrderRules.__table__
_known = KnownProduct.__table__
_asked = select(bindparam("customer_id", type_=Integer).label("customer_id")).subquery("asked")
# The client's rules and the products its lines name in one round trip: a row per product found,
# or one without a product; each carries the rules (none kept yet: NULL, the defaults apply).
_RULES_AND_PRODUCTS = (
    select(_rules_table.c.changes_allowed_until, _rules_table.c.process_orders_at_once,
           _rules_table.c.preferred_warehouse_id, _known.c.id, _known.c.productcode, _known.c.name, _known.c.price)
    .select_from(_asked.outerjoin(_rules_table, _rules_table.c.customer_id == _asked.c.customer_id)
                 .outerjoin(_known, and_(_known.c.customer_id == _asked.c.customer_id, NAMED_IN_LINES))))

# The order, its lines and its trail in one statement: one round trip to PostgreSQL instead of
# three (under eventlet each costs this process about as much CPU as the statement costs
# PostgreSQL), built once for each set of columns an order gives. Lines and steps keep the order
# given: their ids follow the SELECT's order. A line holds nothing yet (0), a step's time is the
# order's (now(): the transaction's start).
_new_lines = (func.unnest(bindparam("product_ids", type_=ARRAY(Integer)),
                          bindparam("productcodes", type_=ARRAY(String)), bindparam("names", type_=ARRAY(String)),
                          bindparam("amounts", type_=ARRAY(Integer)), bindparam("prices", type_=ARRAY(Numeric(12, 2))))
              .table_valued("product_id", "productcode", "name", "amount", "price", with_ordinality="position")
              .render_derived("new_line"))
_new_steps = (func.jsonb_array_elements(bindparam("steps", type_=JSONB))
              .table_valued(column("value", JSONB), with_ordinality="position").render_derived("step"))


# The order's columns with a default in the model, given explicitly: a CTE's INSERT does not
# fill them in.
_ORDER_DEFAULTS = {column.name: column.default.arg for column in _orders.c
                   if column.default is not None and column.default.is_scalar}


@lru_cache(maxsize=64)
def _placing(columns: tuple[str, ...]):
    placed = insert(_orders).values({name: bindparam(name) for name in columns}).returning(*_orders.c).cte("placed")
    lines = (insert(_lines)
             .from_select(["order_id", "product_id", "productcode", "name", "amount", "price", "allocated", "shipped",
                           "reservation_version"],
                          select(placed.c.id, _new_lines.c.product_id, _new_lines.c.productcode, _new_lines.c.name,
                                 _new_lines.c.amount, _new_lines.c.price, literal(0), literal(0), literal(0))
                          .select_from(placed.join(_new_lines, true())).order_by(_new_lines.c.position))
             .returning(_lines.c.id).cte("added_lines"))
    steps = (insert(_changes)
             .from_select(["order_id", "changed_by", "change", "details"],
                          select(placed.c.id, _new_steps.c.value["changed_by"].astext,
                                 _new_steps.c.value["change"].astext, _new_steps.c.value["details"])
                          .select_from(placed.join(_new_steps, true())).order_by(_new_steps.c.position))
             .returning(_changes.c.id).cte("added_steps"))
    return select(placed, select(func.array_agg(lines.c.id)).scalar_subquery().label("line_ids"),
                  select(func.array_agg(steps.c.id)).scalar_subquery().label("step_ids"))


def parse_order(data) -> dict:
    """Validate a Picqer-shaped order; raises InvalidOrder naming each bad field and line."""
    return load(_order_input, data, InvalidOrder)


def match_lines(lines: list[dict], products: list[dict]) -> list[dict]:
    """Pair each ordered line with the client's product; every line that names no product of
    this client is reported (another client's product looks exactly like an unknown one)."""
    by_id = {product["idproduct"]: product for product in products}
    by_code = {product["productcode"]: product for product in products}
    matched, unknown, ids, codes = [], [], [], []
    for number, line in enumerate(lines):
        product = by_id.get(line["idproduct"]) if "idproduct" in line else by_code.get(line["productcode"])
        if product is None and "idproduct" in line:
            unknown.append(f"products.{number}: unknown product (idproduct {line['idproduct']})")
            ids.append(line["idproduct"])
        elif product is None:
            unknown.append(f"products.{number}: unknown product (productcode '{line['productcode']}')")
            codes.append(line["productcode"])
        else:
            matched.append({"product": product, "amount": line["amount"], "price": line.get("price")})
    if unknown:
        raise UnknownProducts(ids, codes, InvalidOrder("; ".join(unknown)))
    return matched


def idempotency_key_for(idempotency_key: str | None) -> str | None:
    """Only an explicit key (the API's `Idempotency-Key`) makes a create idempotent: a client that
    retries after a timeout gets the order it already made. References are not unique, as in
    Picqer (a shop may send two orders with one reference)."""
    return idempotency_key.strip()[:200] if idempotency_key and idempotency_key.strip() else None


def find_by_idempotency_key(session: Session, customer_id: int, key: str) -> Order | None:
    return session.scalar(orders_query().where(Order.customer_id == customer_id, Order.idempotency_key == key))


def create_order(uow: UnitOfWork, customer_id: int, data, source: str, created_by: str,
                 idempotency_key: str | None, webshop_id: int | None = None) -> dict:
    """Returns {"order": ..., "created": bool}; created is False for a repeated create. Lines
    naming products orders has not heard of raise UnknownProducts (ask catalog, try again)."""
    if source not in SOURCES:
        raise InvalidOrder(f"source: must be one of {', '.join(SOURCES)}")
    if webshop_id is not None and (source != "webshop" or not isinstance(webshop_id, int)
                                   or isinstance(webshop_id, bool)):
        raise InvalidOrder("from_webshop_id: the id of the linked webshop an order of source webshop came from")
    fields = parse_order(data)
    key = idempotency_key_for(idempotency_key)
    session = uow.session
    if key and (existing := find_by_idempotency_key(session, customer_id, key)):
        return {"order": order_output.dump(existing), "created": False}
    lines = fields.pop("products")
    ids = [line["idproduct"] for line in lines if "idproduct" in line]
    codes = [line["productcode"] for line in lines if "productcode" in line]
    found = session.connection().execute(_RULES_AND_PRODUCTS, {"customer_id": customer_id, "ids": ids,
                                                                "codes": codes}).all()
    matched = match_lines(lines, [{"idproduct": row.id, "idfulfilment_customer": customer_id,
                                   "productcode": row.productcode, "name": row.name, "price": row.price}
                                  for row in found if row.id is not None])
    if fields.get("idshippingprovider_profile") is not None:
        usable_profile(session, customer_id, fields["idshippingprovider_profile"], InvalidOrder)
    fields["shipping_profile_id"] = fields.pop("idshippingprovider_profile", None)
    fields["end_customer_id"] = fields.pop("idcustomer", None)
    rules = found[0] if found[0].process_orders_at_once is not None else default_rules(customer_id)
    at_once, steps = _processed_at_once_if_the_rules_say_so(rules)
    try:
        return _store(uow, {"customer_id": customer_id, "source": source, "webshop_id": webshop_id,
                            "idempotency_key": key, "status": CONCEPT, "created_by": created_by, **fields, **at_once},
                      [{"product_id": m["product"]["idproduct"], "productcode": m["product"]["productcode"],
                        "name": m["product"]["name"], "amount": m["amount"],
                        "price": m["product"]["price"] if m["price"] is None else m["price"]} for m in matched],
                      [{"changed_by": created_by, "change": "created", "details": {"source": source}}, *steps], rules)
    except IntegrityError:
        if not key:
            raise
        # The same create, retried at the same moment, won the race: answer with its order.
        session.rollback()
        return {"order": order_output.dump(find_by_idempotency_key(session, customer_id, key)), "created": False}


def _store(uow: UnitOfWork, order: dict, lines: list[dict], steps: list[dict], rules) -> dict:
    """The order, its lines and its trail in one statement; the order as the client sees it made
    from what they wrote (`order_output`, as if read back), and announced."""
    order = {**_ORDER_DEFAULTS, **order}
    row = uow.session.connection().execute(_placing(tuple(sorted(order))), {
        **order, "steps": steps, **{array: [line[name] for line in lines] for array, name in (
            ("product_ids", "product_id"), ("productcodes", "productcode"), ("names", "name"),
            ("amounts", "amount"), ("prices", "price"))}}).one()
    until = rules.changes_allowed_until
    placed = SimpleNamespace(
        **row._mapping, lines=[SimpleNamespace(**line, id=line_id, allocated=0, shipped=0, backordered=0)
                               for line, line_id in zip(lines, sorted(row.line_ids))],
        changes=[{**step, "id": step_id, "created_at": row.created_at}
                 for step, step_id in zip(steps, sorted(row.step_ids))],
        comments=[], picklists=[], tags=[], picking_started=False, changes_allowed_until=until,
        changeable_by_client=client_may_change(row.status, False, until))
    result = order_output.dump(placed)
    uow.add_event("order_created", {"order": result})
    return {"order": result, "created": True}


def _processed_at_once_if_the_rules_say_so(rules) -> tuple[dict, list[dict]]:
    """A client whose orders are processed at once has them processed in its preferred warehouse
    as they are placed; without one they wait as concepts for the warehouse, and the trail says
    why. The order's columns for it, and its trail's steps."""
    if not rules.process_orders_at_once:
        return {}, []
    if rules.preferred_warehouse_id is not None:
        columns, step = processing(rules.preferred_warehouse_id, PROCESSED_AT_ONCE_BY)
        return columns, [step]
    return {}, [{"changed_by": "warehouse", "change": NOT_PROCESSED_AT_ONCE,
                 "details": {"reason": "no preferred warehouse set for the client"}}]
