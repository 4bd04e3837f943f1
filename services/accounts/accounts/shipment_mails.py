"""Emails that tell a client a parcel left (orders' `order_shipped`): the order shipped, or the
backorder of an order filled and shipped later, with the carrier's track & trace link and what
the parcel's picklist held; and that a return moved on (`return_status_changed`). To the same people as the stock alerts (accounts.stock_alerts), less
the users who switched shipment mails off; once per event, queued in the handler's transaction.
A shipped mail waits until the parcel can no longer be cancelled, and a cancellation withdraws it."""
from datetime import datetime

from accounts.mail import portal_url, withdraw
from accounts.models import PortalUser
from accounts.stock_alerts import queue_notification
from servicekit.unit_of_work import UnitOfWork

TEXTS = {
    "shipped": {
        "en": ("Order {order} has been shipped",
               "Your order {order} is on its way with {carrier}.\n\nFollow the parcel: {tracktraceurl}\n"
               "Track & trace code: {trackingcode}\n\nIn this shipment:\n{products}\n\n{link}\n"),
        "nl": ("Bestelling {order} is verzonden",
               "Uw bestelling {order} is onderweg met {carrier}.\n\nVolg het pakket: {tracktraceurl}\n"
               "Track & trace-code: {trackingcode}\n\nIn deze zending:\n{products}\n\n{link}\n"),
    },
    "backorder_shipped": {
        "en": ("Backorder of order {order} has been shipped",
               "What your order {order} was waiting for has arrived and is on its way with {carrier}.\n\n"
               "Follow the parcel: {tracktraceurl}\nTrack & trace code: {trackingcode}\n\n"
               "In this shipment:\n{products}\n\n{link}\n"),
        "nl": ("Nalevering van bestelling {order} is verzonden",
               "Waar uw bestelling {order} op wachtte, is binnen en onderweg met {carrier}.\n\n"
               "Volg het pakket: {tracktraceurl}\nTrack & trace-code: {trackingcode}\n\n"
               "In deze zending:\n{products}\n\n{link}\n"),
    },
}


def queue_shipped_mail_once(uow: UnitOfWork, shipped: dict) -> int:
    """Handle orders' order_shipped; a redelivery queues nothing. Returns how many mails."""
    if not uow.first_delivery(shipped, "accounts.handle_order_shipped"):
        return 0
    shipment = shipped["shipment"]
    order = shipment["orderid"] + (f" ({shipment['reference']})" if shipment.get("reference") else "")
    values = {"order": order, "carrier": shipment["public_providername"], "trackingcode": shipment["trackingcode"],
              "tracktraceurl": shipment["tracktraceurl"],
              "products": "\n".join(f"  {p['amount']} × {p['productcode']} {p['name']}" for p in shipment["products"]),
              "link": f"{portal_url()}/orders/{shipment['idorder']}"}
    kind = "backorder_shipped" if shipment["from_backorder"] else "shipped"
    return queue_notification(uow.session, shipment["idfulfilment_customer"], PortalUser.shipment_alerts,
                              TEXTS[kind], values, send_after=_parsed(shipment.get("cancellable_until")),
                              about=_about(shipment))


def _parsed(moment: str | None) -> datetime | None:
    return datetime.fromisoformat(moment) if moment else None


def _about(shipment: dict) -> str:
    return f"shipment {shipment['idshipment']}"


def withdraw_shipped_mail(uow: UnitOfWork, cancelled: dict) -> int:
    """Handle orders' shipment_cancelled: the parcel did not leave, so its mail, held until the
    cancel window closed, is not sent. Again: nothing left to withdraw."""
    return withdraw(uow.session, _about(cancelled["shipment"]))


RETURN_TEXTS = {
    "en": ("Return {returnid} of order {orderid}: {status}",
           "Your return {returnid} of order {orderid} is now {status}{note}.\n\n{history}\n\n{link}\n"),
    "nl": ("Retour {returnid} van bestelling {orderid}: {status}",
           "Uw retour {returnid} van bestelling {orderid} is nu {status}{note}.\n\n{history}\n\n{link}\n"),
}
STATUS_WORDS = {"en": {"announced": "announced", "received": "received by the warehouse", "completed": "completed",
                       "rejected": "rejected"},
                "nl": {"announced": "aangemeld", "received": "ontvangen door het magazijn", "completed": "afgehandeld",
                       "rejected": "afgewezen"}}


def queue_return_mail_once(uow: UnitOfWork, changed: dict) -> int:
    """Handle orders' return_status_changed: one mail per recipient in its language, with the
    status, the warehouse's note and the history; a redelivery queues nothing."""
    if not uow.first_delivery(changed, "accounts.handle_return_status_changed"):
        return 0
    return_ = changed["return"]
    last = return_["history"][-1]

    def values(language: str) -> dict:
        words = STATUS_WORDS[language]
        return {"returnid": return_["returnid"], "orderid": return_["orderid"], "status": words[return_["status"]],
                "note": f" ({last['note']})" if last.get("note") else "",
                "history": "\n".join(f"  {step['created_at'][:16].replace('T', ' ')} {words[step['status']]} · "
                                     f"{step['changed_by']}" for step in return_["history"]),
                "link": f"{portal_url()}/orders/{return_['idorder']}"}

    return queue_notification(uow.session, return_["idfulfilment_customer"], PortalUser.shipment_alerts,
                              RETURN_TEXTS, values)
