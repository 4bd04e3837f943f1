"""Stock push switched on for a shop: its products are set to our free stock once in full, not only
at their next change. Page by page (catalog's 100 products at a time, one page per shop each
second), each page compared with the shop as the reconciliation reads it (one request for 100
SKUs on WooCommerce, the product list on Shopify); the products the shop has and counts
differently from us wait in `stock_pushes` and go out as any change does (retried, coalesced, the
value asked anew when sent). A product the shop lacks, or does not count, is left alone: nothing
fails for it. A shop that cannot be read is asked again after FAILED_PAGE_WAIT.

Never with a transaction open: the shops due are read, catalog and the shop are asked, then the
page's rows and the next offset are committed."""
import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from servicekit.rpc import ServiceUnavailable
from servicekit.unit_of_work import UnitOfWork
from webshop_gateway import reconciliation, stock_push
from webshop_gateway.exceptions import WebshopNotFound
from webshop_gateway.models import Webshop

log = logging.getLogger(__name__)

FAILED_PAGE_WAIT = timedelta(seconds=60)


def _pages_due():
    return (Webshop.stock_full_push_offset.is_not(None), Webshop.push_stock.is_(True), Webshop.removed_at.is_(None),
            Webshop.stock_full_push_at <= datetime.now(timezone.utc))


def _due(session) -> list[tuple[int, int, int]]:
    return session.execute(select(Webshop.id, Webshop.customer_id, Webshop.stock_full_push_offset)
                           .where(*_pages_due()).order_by(Webshop.id)).all()


def any_due(session) -> bool:
    """Whether the stock timer has anything to do, full pushes' pages or single pushes: one SELECT."""
    return session.scalar(select(select(Webshop.id).where(*_pages_due()).exists() | stock_push.any_due()))


def to_push(page: dict) -> list[dict]:
    """The page's products the shop has and counts differently from our free stock."""
    return [row for row in page["rows"] if row["status"] == "differs"]


def _record_page(uow: UnitOfWork, webshop_id: int, offset: int, page: dict) -> None:
    webshop = uow.session.get(Webshop, webshop_id, with_for_update=True)
    if webshop.stock_full_push_offset != offset or not webshop.push_stock:  # switched off (or again) meanwhile
        return
    if page["shop_error"]:
        webshop.stock_full_push_at = datetime.now(timezone.utc) + FAILED_PAGE_WAIT
        return
    for row in to_push(page):
        stock_push.wait_to_push(uow.session, webshop.customer_id, webshop_id, row["productcode"], row["freestock"])
    webshop.stock_full_push_offset = offset + len(page["rows"]) if page["more"] else None


def queue_next_pages(db, catalog) -> int:
    """One replica at a time: a page of each shop whose full push is due. Returns how many pages."""
    with db.exclusive("stock full push") as mine:
        if not mine:
            return 0
        pages = 0
        for webshop_id, customer_id, offset in db.read(_due):
            try:
                page = reconciliation.reconcile(db, catalog, customer_id, webshop_id, offset)
            except ServiceUnavailable:
                return pages  # catalog is away: the next round asks again
            except WebshopNotFound:
                continue  # unlinked meanwhile
            if page["shop_error"]:
                log.warning("webshop %s: full stock push waits, the shop could not be read: %s", webshop_id,
                            page["shop_error"])
            db.change(_record_page, webshop_id, offset, page)
            pages += 1
        return pages
