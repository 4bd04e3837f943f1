"""Free stock pushed to the shops, for connections that opted in (`push_stock`): when catalog says
products' free stock changed (`free_stock_changed`, those of one catalog transaction), each such
shop of a product's client gets a row per product code (`stock_pushes`); a timer sets the shop's
product with that SKU to our free stock.

- Coalesced: one row per shop and product code, however many changes arrive before it is sent;
  the value sent is catalog's free stock when it is sent (asked then, outside any transaction),
  so the latest value wins even when events arrive out of order.
- A change that arrives while the row is being sent bumps its `version`: the row is sent again.
- Retried with backoff (shop down, 5xx, 429 after its Retry-After); a shop without a product of
  that SKU, or that refuses the keys, is `failed` with what to do (a later change tries again).
- Setting a stock level twice does no harm, so a claim a dead process left behind is simply sent
  again.

WooCommerce: the product found by `GET products?sku=`, then `PUT products/<id>` with
`stock_quantity` (and `manage_stock`). Shopify: the variant with that SKU among the products
(`GET products.json`, its `inventory_item_id`), the shop's first active location, then
`POST inventory_levels/set.json` {location_id, inventory_item_id, available}. The JSON shop takes
no stock. A shop switched on gets all its products once (webshop_gateway.stock_full_push).
"""
import logging
from datetime import datetime, timedelta, timezone

import requests
from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from servicekit.database import ServiceDatabase
from servicekit.rpc import ServiceUnavailable
from servicekit.unit_of_work import UnitOfWork
from webshop_gateway.connections import linked, switch_stock_push
from webshop_gateway.credentials import CredentialsUnreadable, unseal
from webshop_gateway.models import StockPush, Webshop
from webshop_gateway.platforms import STOCK_PLATFORMS
from webshop_gateway.schemas import webshop_output
from webshop_gateway.shop_updates import Delivered, Outcome, Refused, RetryLater, retry_delay
from webshop_gateway.shopify import API_VERSION
from webshop_gateway.shop_http import TIMEOUT_SECONDS, shop_says
from webshop_gateway.shop_writes import ShopWrites, answer_outcome
from webshop_gateway.woocommerce import API as WOOCOMMERCE_API

log = logging.getLogger(__name__)

MAX_PER_ROUND = 100
STALE_CLAIM_SECONDS = 120
PENDING = ("waiting", "sending")
SHOPIFY_PAGES = 20


# Opting in and hearing catalog

def set_stock_push(uow: UnitOfWork, customer_id: int, webshop_id: int, enabled: bool) -> dict:
    webshop = linked(uow.session, customer_id, webshop_id)
    switch_stock_push(webshop, enabled)
    uow.session.flush()
    return webshop_output.dump(webshop)


def hear_free_stock_change(database: ServiceDatabase, changed: dict) -> int:
    """Handle catalog's free_stock_changed (the products one transaction changed). Most clients
    push no stock: for them this is one SELECT outside a transaction and nothing written.
    Returns how many rows wait for it."""
    customers = _customers(changed)
    if not customers or not database.read_driver(any_shop_pushing, customers):
        return 0
    return database.change(record_free_stock_change, changed)


def _customers(changed: dict) -> list[int]:
    """The clients whose products a free_stock_changed names."""
    return sorted({product["idfulfilment_customer"] for product in changed["products"]})


# `_pushing_shops` as one statement straight through the driver (ServiceDatabase.read_driver):
# asked for every free_stock_changed, where SQLAlchemy's session and result cost more than the query.
_ANY_SHOP_PUSHING = """
    SELECT EXISTS (SELECT 1 FROM webshops WHERE customer_id = ANY(%s) AND removed_at IS NULL
                   AND push_stock AND platform = ANY(%s))"""


def any_shop_pushing(cursor, customer_ids: list[int]) -> bool:
    cursor.execute(_ANY_SHOP_PUSHING, (customer_ids, sorted(STOCK_PLATFORMS)))
    return cursor.fetchone()[0]


def _pushing_shops(session: Session, customer_ids: list[int]) -> list[tuple[int, int]]:
    """(customer id, webshop id) of the customers' shops that opted in."""
    return session.execute(select(Webshop.customer_id, Webshop.id).where(
        Webshop.customer_id.in_(customer_ids), Webshop.removed_at.is_(None),
        Webshop.push_stock.is_(True), Webshop.platform.in_(STOCK_PLATFORMS)).order_by(Webshop.id)).all()


def record_free_stock_change(uow: UnitOfWork, changed: dict) -> int:
    """A row waiting per product and opted-in shop of its client (one per product code: a new
    change makes it wait again, a newer version; so a redelivered event changes nothing that
    matters). Returns how many rows."""
    shops: dict[int, list[int]] = {}
    for customer_id, webshop_id in _pushing_shops(uow.session, _customers(changed)):
        shops.setdefault(customer_id, []).append(webshop_id)
    waiting = 0
    for product in changed["products"]:
        for webshop_id in shops.get(product["idfulfilment_customer"], ()):
            wait_to_push(uow.session, product["idfulfilment_customer"], webshop_id, product["productcode"],
                         product["freestock"])
            waiting += 1
    return waiting


def wait_to_push(session: Session, customer_id: int, webshop_id: int, productcode: str, freestock: int) -> None:
    """The product's row waits to be sent now (a newer version of one already there)."""
    now = datetime.now(timezone.utc)
    fresh = {"status": "waiting", "freestock": freestock, "changed_at": now, "next_attempt_at": now,
             "attempts": 0, "last_error": None}
    session.execute(pg_insert(StockPush).values(
        customer_id=customer_id, webshop_id=webshop_id, productcode=productcode[:100], version=1, **fresh)
        .on_conflict_do_update(constraint="uq_stock_pushes_shop_code", set_={**fresh, "version": StockPush.version + 1}))


def pending_count(session: Session, webshop_id: int) -> int:
    return session.scalar(select(func.count()).select_from(StockPush).where(
        StockPush.webshop_id == webshop_id, StockPush.status.in_(PENDING))) or 0


# The timer's round

def any_due():
    """A push due, or a claim gone stale (the timer's check before it takes the lock)."""
    now = datetime.now(timezone.utc)
    return select(StockPush.id).join(Webshop, Webshop.id == StockPush.webshop_id).where(
        ((StockPush.status == "waiting") & (StockPush.next_attempt_at <= now) & Webshop.removed_at.is_(None)
         & Webshop.push_stock.is_(True))
        | ((StockPush.status == "sending") & (StockPush.claimed_at < now - timedelta(seconds=STALE_CLAIM_SECONDS)))
    ).exists()


def _claim_due(uow: UnitOfWork) -> list[dict]:
    now = datetime.now(timezone.utc)
    uow.session.execute(update(StockPush).where(
        StockPush.status == "sending", StockPush.claimed_at < now - timedelta(seconds=STALE_CLAIM_SECONDS))
        .values(status="waiting"))
    rows = uow.session.execute(
        select(StockPush, Webshop).join(Webshop, Webshop.id == StockPush.webshop_id)
        .where(StockPush.status == "waiting", StockPush.next_attempt_at <= now, Webshop.removed_at.is_(None),
               Webshop.push_stock.is_(True))
        .order_by(StockPush.next_attempt_at).limit(MAX_PER_ROUND).with_for_update(of=StockPush, skip_locked=True)).all()
    claimed = []
    for push, webshop in rows:
        push.status, push.claimed_at = "sending", now
        claimed.append({"id": push.id, "version": push.version, "customer_id": push.customer_id,
                        "productcode": push.productcode, "attempts": push.attempts, "webshop_id": webshop.id,
                        "platform": webshop.platform, "url": webshop.url, "credentials": webshop.credentials})
    return claimed


def after_attempt(outcome: Outcome, attempts: int, now: datetime) -> dict:
    """The row's fields once an attempt came to `outcome` (before looking at newer changes)."""
    if isinstance(outcome, Delivered):
        return {"status": "sent", "sent_at": now, "last_error": None, "attempts": 0}
    if isinstance(outcome, Refused):
        return {"status": "failed", "last_error": outcome.reason, "attempts": attempts + 1}
    wait = retry_delay(attempts + 1, outcome.retry_after_seconds)
    return {"status": "waiting", "last_error": outcome.reason, "attempts": attempts + 1,
            "next_attempt_at": now + timedelta(seconds=wait)}


def _record(uow: UnitOfWork, claimed: dict, outcome: Outcome, freestock: int | None) -> None:
    push = uow.session.get(StockPush, claimed["id"], with_for_update=True)
    now = datetime.now(timezone.utc)
    for field, value in after_attempt(outcome, claimed["attempts"], now).items():
        setattr(push, field, value)
    push.claimed_at = None
    if isinstance(outcome, Delivered):
        push.sent_freestock = freestock
    if push.version != claimed["version"] and push.status != "waiting":  # changed meanwhile: send the newer
        push.status, push.next_attempt_at, push.attempts = "waiting", now, 0


def push_due_stock(db, catalog) -> int:
    """One replica at a time: claim what is due (commit), ask catalog the free stock now, tell each
    shop, record each answer (commit). Returns how many were attempted."""
    with db.exclusive("stock push") as mine:
        if not mine:
            return 0
        claimed = db.change(_claim_due)
        if not claimed:
            return 0
        try:
            stock = _free_stock(catalog, claimed)
        except ServiceUnavailable:
            db.change(lambda uow: uow.session.execute(update(StockPush).where(
                StockPush.id.in_([row["id"] for row in claimed])).values(status="waiting", claimed_at=None)))
            return 0
        finders: dict[int, _Finder] = {}
        for row in claimed:
            freestock = stock.get((row["customer_id"], row["productcode"]))
            if freestock is None:
                outcome = Refused(f"There is no product {row['productcode']} here any more: nothing to push.")
            else:
                finder = finders.setdefault(row["webshop_id"], _Finder(row))
                outcome = finder.push(row["productcode"], freestock)
            if not isinstance(outcome, Delivered):
                log.warning("stock push %s (%s): %s", row["id"], row["productcode"], outcome)
            db.change(_record, row, outcome, freestock)
        return len(claimed)


def _free_stock(catalog, claimed: list[dict]) -> dict[tuple[int, str], int]:
    codes: dict[int, set[str]] = {}
    for row in claimed:
        codes.setdefault(row["customer_id"], set()).add(row["productcode"])
    stock = {}
    for customer_id, productcodes in codes.items():
        for product in catalog.find_products(customer_id, [], sorted(productcodes)):
            stock[(customer_id, product["productcode"])] = max(int(product["freestock"]), 0)
    return stock


class _Finder:
    """One shop's pushes in a round: its products looked up once, by SKU."""

    def __init__(self, row: dict):
        self.platform, self.url, self.shop = row["platform"], row["url"], ShopWrites()
        try:
            self.credentials = unseal(row["credentials"])
        except CredentialsUnreadable as error:
            self.credentials, self.unreadable = None, str(error)
        self._shopify: tuple[dict, int | None] | None = None
        self._told_to_wait: RetryLater | None = None

    def push(self, productcode: str, freestock: int) -> Outcome:
        """A shop that asked us to wait (429) is not asked again this round: its other products wait
        as long (a full push queues hundreds at once)."""
        if self.credentials is None:
            return RetryLater(self.unreadable)
        if self._told_to_wait is not None:
            return self._told_to_wait
        if self.platform == "woocommerce":
            outcome = self._woocommerce(productcode, freestock)
        else:
            outcome = self._shopify_set(productcode, freestock)
        if isinstance(outcome, RetryLater) and outcome.retry_after_seconds is not None:
            self._told_to_wait = outcome
        return outcome

    def _woocommerce(self, productcode: str, freestock: int) -> Outcome:
        api, auth = f"{self.url}{WOOCOMMERCE_API}", (self.credentials["consumer_key"], self.credentials["consumer_secret"])
        outcome, found = self.shop.ask("GET", f"{api}/products", params={"sku": productcode}, auth=auth)
        if outcome is not None:
            return _about_stock(outcome)
        product = next((row for row in found if isinstance(row, dict) and row.get("sku") == productcode), None) \
            if isinstance(found, list) else None
        if product is None:
            return _no_such_product(productcode)
        outcome, _ = self.shop.ask("PUT", f"{api}/products/{product['id']}",
                                   json={"manage_stock": True, "stock_quantity": freestock}, auth=auth)
        return _about_stock(outcome) if outcome is not None else Delivered()

    def _shopify_set(self, productcode: str, freestock: int) -> Outcome:
        api = f"{self.url}/admin/api/{API_VERSION}"
        headers = {"X-Shopify-Access-Token": self.credentials["access_token"], "Accept": "application/json"}
        if self._shopify is None:
            outcome, found = self._shopify_inventory(api, headers)
            if outcome is not None:
                return _about_stock(outcome)
            self._shopify = found
        items, location_id = self._shopify
        if productcode not in items:
            return _no_such_product(productcode)
        if location_id is None:
            return Refused("The shop has no active location to keep stock at: add one in Shopify (Settings → "
                           "Locations).")
        outcome, _ = self.shop.ask("POST", f"{api}/inventory_levels/set.json", headers=headers, json={
            "location_id": location_id, "inventory_item_id": items[productcode], "available": freestock})
        return _about_stock(outcome) if outcome is not None else Delivered()

    def _shopify_inventory(self, api: str, headers: dict) -> tuple[Outcome | None, tuple[dict, int | None]]:
        """SKU → inventory_item_id over the shop's products (pages by the Link header), and the location."""
        items: dict[str, int] = {}
        address: str | None = f"{api}/products.json"
        params: dict = {"limit": 250, "fields": "id,variants"}
        for _ in range(SHOPIFY_PAGES):
            response = self._get(address, params, headers)
            if isinstance(response, (RetryLater, Refused)):
                return response, ({}, None)
            try:
                body = response.json()
            except ValueError:
                return RetryLater("The shop's product list is not JSON."), ({}, None)
            for product in body.get("products", []) if isinstance(body, dict) else []:
                for variant in product.get("variants") or []:
                    if isinstance(variant, dict) and variant.get("sku"):
                        items.setdefault(variant["sku"], variant.get("inventory_item_id"))
            links = requests.utils.parse_header_links(response.headers["Link"]) if response.headers.get("Link") else []
            address, params = next((link["url"] for link in links if link.get("rel") == "next"), None), {}
            if not address:
                break
        outcome, body = self.shop.ask("GET", f"{api}/locations.json", headers=headers)
        if outcome is not None:
            return outcome, ({}, None)
        locations = body.get("locations", []) if isinstance(body, dict) else []
        location_id = next((row["id"] for row in locations if isinstance(row, dict) and row.get("active", True)), None)
        return None, (items, location_id)

    def _get(self, address: str, params: dict, headers: dict):
        """The shop's response, or the outcome that stops the round for this shop."""
        try:
            response = self.shop.session.get(address, params=params, headers=headers, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            return RetryLater(f"The shop cannot be reached: {type(error).__name__}.")
        outcome = answer_outcome(response.status_code, response.headers.get("Retry-After"), shop_says(response))
        return outcome if outcome is not None else response


def _no_such_product(productcode: str) -> Refused:
    return Refused(f"The shop has no product with SKU {productcode}: give the product in the shop this SKU (our "
                   "product code) to have its stock kept up to date.")


def _about_stock(outcome: Outcome) -> Outcome:
    if isinstance(outcome, Refused) and "credentials" in outcome.reason:
        return Refused(outcome.reason.replace("may not change orders", "may not change products"))
    return outcome
