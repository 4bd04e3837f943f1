"""The client's stock on any date and time, from the ledger, valued at cost (for accounting)."""
from datetime import datetime, timezone
from decimal import Decimal

from flask import render_template, request
from flask_babel import get_timezone, gettext as _

from gateway import rpc_client
from gateway.input_guards import whole_number
from gateway.portal import blueprint
from gateway.portal.products import PAGE_SIZE, keyset_before, warehouse_names
from gateway.warehouse_scope import in_scope, with_warehouse_scope
from gateway.portal.session_user import current_customer_id
from gateway.portal.spreadsheets import STOCK_ON_DATE_COLUMNS, xlsx_download


def requested_moment() -> tuple[str, str, str | None]:
    """The date and time asked for in the portal's time zone (by default today, to the end of
    the day), and that moment as the catalog takes it (ISO 8601 with its offset), or None when
    the input is not a date and time. A time to the minute includes that whole minute."""
    zone = get_timezone()
    day = request.args.get("date") or datetime.now(zone).date().isoformat()
    time = request.args.get("time", "")
    try:
        local = datetime.fromisoformat(f"{day}T{time or '23:59'}")
    except ValueError:
        return day, time, None
    if len(time) != 8:  # to the minute: the whole minute
        local = local.replace(second=59, microsecond=999999)
    try:
        moment = zone.localize(local)  # pytz: replace(tzinfo=) would give LMT
        moment.astimezone(timezone.utc)  # 0001-01-01 00:00 here is still year 0 in UTC
    except OverflowError:
        return day, time, None
    return day, time, moment.isoformat()


def _rows(moment: str) -> list[dict]:
    return [row for row in rpc_client().catalog.get_stock_as_of(current_customer_id(), moment)
            if in_scope(row["idwarehouse"])]


@blueprint.get("/stock-on-date")
def stock_on_date():
    day, time, moment = requested_moment()
    rows = _rows(moment) if moment else []
    warehouses = warehouse_names()
    total = sum((Decimal(row["value"]) for row in rows), Decimal("0"))
    return render_template("portal/stock_on_date.html", rows=rows, day=day, time=time, valid=moment is not None,
                           warehouses=warehouses, total=total), 200 if moment else 400


@blueprint.get("/stock-on-date.xlsx")
def stock_on_date_export():
    day, time, moment = requested_moment()
    if moment is None:
        return stock_on_date()
    warehouses = warehouse_names()
    table = [[column.value({**row, "warehouse": warehouses.get(row["idwarehouse"], row["idwarehouse"])})
              for column in STOCK_ON_DATE_COLUMNS] for row in _rows(moment)]
    name = _("stock on %(date)s", date=f"{day} {time}".strip()).replace(":", "")
    return xlsx_download(name, [column.header() for column in STOCK_ON_DATE_COLUMNS], table)


@blueprint.get("/stock-history")
def stock_history():
    """Every movement of the client's stock, newest first, by warehouse and period."""
    catalog = rpc_client().catalog
    warehouses = warehouse_names()
    warehouse = whole_number(request.args.get("idwarehouse", ""))
    since, until = request.args.get("sincedate", ""), request.args.get("untildate", "")
    filters = {"idwarehouse": warehouse if warehouse in warehouses else None,
               "sincedate": since if _is_date(since) else None, "untildate": until if _is_date(until) else None}
    before = keyset_before()
    history = catalog.list_stock_history(current_customer_id(), with_warehouse_scope(filters), 0, before)
    return render_template("portal/stock_history.html", history=history, history_before=before, filters=filters,
                           warehouses=warehouses, page_size=PAGE_SIZE)


def _is_date(value: str) -> bool:
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True
