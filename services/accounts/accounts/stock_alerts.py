"""Emails that tell a client about its stock: a product fell below the minimum it set (from
catalog's `stock_fell_below_minimum`), an order waits for stock (each order orders' `orders_backordered` lists),
goods were received in the warehouse (purchasing's `goods_received`: a receipt or a stock
transfer, once its stock is booked).

They go to the customer's notification address, if the operator set one, and to each of its
users who can log in, has an email address and has not switched that alert off (account
settings), each in their own language. Queued in the handler's transaction, sent by the mail timer.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.mail import compose, portal_url, queue
from accounts.models import Customer, PortalUser
from servicekit.unit_of_work import UnitOfWork

TEXTS = {
    "low_stock": {
        "en": ("Low stock: {productcode}",
               "{productcode} ({name}) has {freestock} in free stock, below the minimum of {minimum_stock} "
               "you set.\n\n{link}\n"),
        "nl": ("Lage voorraad: {productcode}",
               "{productcode} ({name}) heeft nog {freestock} vrije voorraad, onder het minimum van "
               "{minimum_stock} dat u instelde.\n\n{link}\n"),
    },
    "stockout": {
        "en": ("Order {reference} waits for stock",
               "Your order {reference} is being processed, but not everything is in stock. Still missing:\n\n"
               "{missing}\n\nThe warehouse reserves it as soon as stock arrives.\n\n{link}\n"),
        "nl": ("Bestelling {reference} wacht op voorraad",
               "Uw bestelling {reference} is in behandeling, maar niet alles is op voorraad. Nog niet aanwezig:\n\n"
               "{missing}\n\nHet magazijn reserveert het zodra er voorraad binnenkomt.\n\n{link}\n"),
    },
    "goods_received": {
        "en": ("Goods received: {number}",
               "The warehouse received {what} {number}; it is in stock now:\n\n{received}\n\n{link}\n"),
        "nl": ("Goederen ontvangen: {number}",
               "Het magazijn heeft {what_nl} {number} ontvangen; het is nu op voorraad:\n\n{received}\n\n{link}\n"),
    },
}
SWITCHES = {"low_stock": PortalUser.low_stock_alerts, "stockout": PortalUser.stockout_alerts,
            "goods_received": PortalUser.goods_received_alerts}


def recipients(session: Session, customer_id: int, switch) -> dict[str, str]:
    """Address → language of who gets this kind of mail of the customer's (`switch`: the user's
    column that says whether they want it); no address twice."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        return {}
    users = session.scalars(
        select(PortalUser).where(PortalUser.customer_id == customer_id, PortalUser.is_active,
                                 PortalUser.password_hash.is_not(None), PortalUser.email.is_not(None),
                                 switch).order_by(PortalUser.id))
    found = {customer.notification_email.lower(): customer.language} if customer.notification_email else {}
    for user in users:
        found.setdefault(user.email.lower(), user.language or customer.language)
    return found


def queue_notification(session: Session, customer_id: int, switch, texts: dict, values, **held) -> int:
    """Queue the mail (texts: language → (subject, body)) for each recipient; returns how many.
    `values` fill the texts: a dict, or a function of the language for words that differ;
    `held`: mail.queue's send_after and about."""
    addresses = recipients(session, customer_id, switch)
    for address, language in addresses.items():
        language = language if language in texts else "en"
        subject, body = texts[language]
        filled = values(language) if callable(values) else values
        queue(session, compose(address, subject.format(**filled), body.format(**filled)), **held)
    return len(addresses)


def queue_alert(session: Session, customer_id: int, alert: str, values: dict) -> int:
    return queue_notification(session, customer_id, SWITCHES[alert], TEXTS[alert], values)


def queue_low_stock_alert_once(uow: UnitOfWork, fell: dict) -> int:
    """Handle catalog's stock_fell_below_minimum; a redelivery queues nothing."""
    if not uow.first_delivery(fell, "accounts.handle_stock_fell_below_minimum"):
        return 0
    link = f"{portal_url()}/products/{fell['idproduct']}"
    return queue_alert(uow.session, fell["idfulfilment_customer"], "low_stock", {**fell, "link": link})


def queue_stockout_alerts_once(uow: UnitOfWork, backordered: dict) -> int:
    """Handle orders' orders_backordered: an alert for each order it lists; a redelivery queues
    nothing."""
    if not uow.first_delivery(backordered, "accounts.handle_orders_backordered"):
        return 0
    return sum(queue_stockout_alert(uow.session, order) for order in backordered["orders"])


def queue_stockout_alert(session: Session, order: dict) -> int:
    missing = "\n".join(f"  {line['backordered']} × {line['productcode']} {line['name']}"
                        for line in order["products"] if line["backordered"])
    values = {"reference": order["reference"] or order["idorder"], "missing": missing,
              "link": f"{portal_url()}/orders/{order['idorder']}"}
    return queue_alert(session, order["idfulfilment_customer"], "stockout", values)


def queue_goods_received_alert_once(uow: UnitOfWork, received: dict) -> int:
    """Handle purchasing's goods_received; a redelivery queues nothing."""
    if not uow.first_delivery(received, "accounts.handle_goods_received"):
        return 0
    if received["type"] == "transfer":
        what, what_nl, link = "stock transfer", "voorraadoverdracht", f"/stock-transfers/{received['id']}"
    else:
        what, what_nl, link = "receipt", "ontvangst", f"/purchase-orders/{received['idpurchaseorder']}"
    lines = "\n".join(f"  {line['amount']} × {line['productcode']} {line['name']}" for line in received["products"])
    values = {"number": received["number"], "what": what, "what_nl": what_nl, "received": lines,
              "link": portal_url() + link}
    return queue_alert(uow.session, received["idfulfilment_customer"], "goods_received", values)
