"""The email that tells a client its webshop's sync fails (webshop_gateway's `webshop_sync_failed`,
published once per failing spell): to the customer's notification address and to each user who
may manage webshops and sees this shop (`idwebshops`), each in their own language."""
from sqlalchemy import and_, or_

from accounts.mail import portal_url
from accounts.models import PortalUser
from accounts.stock_alerts import queue_notification
from servicekit.unit_of_work import UnitOfWork

TEXTS = {
    "en": ("Webshop {name}: orders are not coming in",
           "We could not read the orders of your webshop {name} ({url}) {failures} times in a row.\n\n"
           "What the shop answered: {reason}\n\n{since_en}We keep trying by ourselves and will not email again "
           "about this until it has worked once more. The shop's page shows how its sync goes, and its "
           "connection test says what to fix:\n\n{link}\n"),
    "nl": ("Webshop {name}: bestellingen komen niet binnen",
           "We konden de bestellingen van uw webshop {name} ({url}) {failures} keer achter elkaar niet lezen.\n\n"
           "Wat de shop antwoordde: {reason}\n\n{since_nl}We blijven het zelf proberen en mailen hier niet "
           "opnieuw over tot het weer een keer gelukt is. De pagina van de shop laat zien hoe het ophalen gaat, "
           "en de verbindingstest zegt wat er hersteld moet worden:\n\n{link}\n"),
}


def _who_manages(webshop_id: int):
    return and_(PortalUser.permissions.contains(["webshops"]),
                or_(PortalUser.webshop_ids.is_(None), PortalUser.webshop_ids.contains([webshop_id])))


def queue_sync_failed_alert_once(uow: UnitOfWork, failed: dict) -> int:
    """Handle webshop_gateway's webshop_sync_failed; a redelivery queues nothing."""
    if not uow.first_delivery(failed, "accounts.handle_webshop_sync_failed"):
        return 0
    shop = failed["webshop"]
    last = (failed.get("last_success") or "")[:16].replace("T", " ")
    values = {"name": shop["name"], "url": shop["url"], "failures": failed["failures_in_a_row"],
              "reason": failed["reason"], "link": f"{portal_url()}/webshops/{shop['idwebshop']}",
              "since_en": f"The last time it worked: {last} (UTC).\n\n" if last else "",
              "since_nl": f"De laatste keer dat het lukte: {last} (UTC).\n\n" if last else ""}
    return queue_notification(uow.session, failed["idfulfilment_customer"], _who_manages(shop["idwebshop"]), TEXTS,
                              values)
