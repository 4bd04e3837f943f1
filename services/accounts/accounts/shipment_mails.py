"""Emails that tell a client a parcel left (orders' `order_shipped`): the order shipped, or the
backorder of an order filled and shipped later, with the carrier's track & trace link and what
the parcel's picklist held. To the same people as the stock alerts (accounts.stock_alerts), less
the users who switched shipment mails off; once per event, queued in the handler's transaction."""
from accounts.mail import portal_url
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
                              TEXTS[kind], values)
