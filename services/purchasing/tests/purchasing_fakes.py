"""The purchasing service's neighbours, faked by their contracts, and the clients its tests use."""
import uuid

from nameko.exceptions import RemoteError

from servicekit.testing import FakeCatalogProducts

# Far above the ids accounts' own tests announce on the shared test broker, so that a stray
# customer_created/customer_updated from them never changes a customer these tests use.
ACME, GLOBEX = 1001, 1002
WAREHOUSE = 7


class FakeCatalog(FakeCatalogProducts):
    """The catalog's RPC methods purchasing calls, as its contract promises them: a fixed set of
    products, and goods in booked once per reference and product (`booked`); `refusal` makes it
    refuse bookings as catalog refuses an unknown warehouse."""

    PRODUCTS = [
        {"idproduct": 11, "idfulfilment_customer": ACME, "productcode": "MUG-1", "name": "Mug"},
        {"idproduct": 12, "idfulfilment_customer": ACME, "productcode": "CUP-1", "name": "Cup"},
        {"idproduct": 13, "idfulfilment_customer": ACME, "productcode": "CAP-1", "name": "Cap"},
        {"idproduct": 21, "idfulfilment_customer": GLOBEX, "productcode": "GLOBEX-1", "name": "Widget"},
    ]

    def __init__(self):
        super().__init__()
        self.booked: dict[tuple[str, str, int], int] = {}  # (reference type, id, product) → amount
        self.booked_by: dict[tuple[str, str], int | None] = {}  # (reference type, id) → the user who received it
        self.refusal: tuple[str, str] | None = None

    def receive_stock_lines(self, customer_id, warehouse_id, reference, lines, user_id=None):
        self._called("receive_stock_lines")
        if self.refusal:
            raise RemoteError(*self.refusal)
        self.booked_by.setdefault((reference["type"], reference["id"]), user_id)
        for line in lines:
            self.booked.setdefault((reference["type"], reference["id"], line["idproduct"]), line["amount"])
        return [{"idproduct": line["idproduct"], "idwarehouse": warehouse_id, "customer_id": customer_id}
                for line in lines]


def announced(customer_id: int, version: int, warehouse_id: int | None = WAREHOUSE, event_id: str | None = None) -> dict:
    """accounts' customer_created/customer_updated payload, every field included."""
    customer = {"idfulfilment_customer": customer_id, "name": "Acme", "can_login": True, "username": "acme",
                "language": "nl", "idtemplate": None, "last_login_at": None, "allowed_shipping_profiles": [],
                "preferred_idwarehouse": None, "idwarehouse_purchaseorders": warehouse_id,
                "can_manage_products": False, "notification_email": None,
                "changes_allowed_until": "picking", "process_orders_at_once": False}
    return {"event_id": event_id or str(uuid.uuid4()), "customer": customer, "version": version}
