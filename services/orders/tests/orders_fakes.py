"""The orders service's neighbour, faked by its contract, and the clients its tests use."""
import uuid

from nameko.exceptions import RemoteError

from servicekit.testing import FakeCatalogProducts

# Far above the ids accounts' own tests announce on the shared test broker, so that a stray
# customer_created/customer_updated from them never changes the rules of a customer these tests use.
ACME, GLOBEX = 1001, 1002
UPDATED_AT = "2026-12-01T00:00:00+00:00"


class FakeCatalog(FakeCatalogProducts):
    """The catalog's RPC methods orders calls, as its contract promises them: a fixed set of
    products, and reservations per order line that want the line's amount, hold what free stock
    allows and wait in turn for the rest (`receive` serves them, as a receipt does in catalog),
    shipped by closed picklists.

    Every call refuses to run inside a transaction, as servicekit's real proxy does
    (`servicekit.testing.FakeNeighbour`)."""

    PRODUCTS = [
        {"idproduct": 11, "idfulfilment_customer": ACME, "productcode": "MUG-1", "name": "Mug", "price": "4.50",
         "freestock": 8, "updated_at": UPDATED_AT},
        {"idproduct": 12, "idfulfilment_customer": ACME, "productcode": "CUP-1", "name": "Cup", "price": "3.00",
         "freestock": 0, "updated_at": UPDATED_AT},
        {"idproduct": 21, "idfulfilment_customer": GLOBEX, "productcode": "GLOBEX-1", "name": "Widget",
         "price": "9.99", "freestock": 5, "updated_at": UPDATED_AT},
    ]

    def __init__(self):
        super().__init__()
        self.free: dict[tuple[int, int], int] = {}  # (product, warehouse) → free stock
        self.reservations: dict[int, dict] = {}  # order line → its reservation, in the order asked
        self.released: list[int] = []
        self.shipped_picklists: set[int] = set()
        self.received: set[tuple] = set()  # (reference type, id, product) booked by receive_stock_lines

    def reserve_order_lines(self, customer_id, warehouse_id, lines):
        self._called("reserve_order_lines")
        for line in lines:
            if line["order_line_id"] not in self.reservations:
                self.reservations[line["order_line_id"]] = {
                    "order_line_id": line["order_line_id"], "idfulfilment_customer": customer_id,
                    "idproduct": line["idproduct"], "idwarehouse": warehouse_id, "wanted": line["amount"],
                    "amount": 0, "status": "reserved", "version": 1}
        self._serve(line["idproduct"] for line in lines)
        return [dict(self.reservations[line["order_line_id"]]) for line in lines]

    def reserve_orders_lines(self, requests):
        """Each request as `reserve_order_lines` answers it (so a test that replaces that one
        method changes both), a refusal answered for its order alone."""
        self._called("reserve_orders_lines")
        answers = []
        for request in requests:
            try:
                answers.append({"reservations": self.reserve_order_lines(
                    request["customer_id"], request["warehouse_id"], request["lines"])})
            except RemoteError as refusal:
                answers.append({"refused": {"error": refusal.exc_type, "message": refusal.value}})
        return answers

    def release_order_lines(self, customer_id, warehouse_id, lines):
        self._called("release_order_lines")
        for line in lines:
            reservation = self.reservations.setdefault(line["order_line_id"], {
                "order_line_id": line["order_line_id"], "idfulfilment_customer": customer_id,
                "idproduct": line["idproduct"], "idwarehouse": warehouse_id, "wanted": 0, "amount": 0,
                "status": "reserved", "version": 0})
            if reservation["status"] == "reserved":
                self.free[(reservation["idproduct"], warehouse_id)] = self.free.get(
                    (reservation["idproduct"], warehouse_id), 0) + reservation["amount"]
                reservation.update(status="released", version=reservation["version"] + 1)
                self.released.append(line["order_line_id"])
        return [dict(self.reservations[line["order_line_id"]]) for line in lines]

    def consume_order_lines(self, customer_id, warehouse_id, picklist, lines):
        """Picked units ship, units not picked leave the shelf and the line waits for them, served
        at once from free stock; once per picklist."""
        self._called("consume_order_lines")
        if picklist["idpicklist"] not in self.shipped_picklists:
            self.shipped_picklists.add(picklist["idpicklist"])
            for line in lines:
                reservation = self.reservations[line["order_line_id"]]
                assert reservation["amount"] >= line["amount"], "a picklist ships no more than its line holds"
                wanted = reservation["wanted"] - line["picked"]
                reservation.update(wanted=wanted, amount=reservation["amount"] - line["amount"],
                                   consumed=reservation.get("consumed", 0) + line["picked"],
                                   status="consumed" if wanted == 0 else "reserved", version=reservation["version"] + 1)
            self._serve(line["idproduct"] for line in lines)
        return [dict(self.reservations[line["order_line_id"]]) for line in lines]

    def receive_stock_lines(self, customer_id, warehouse_id, reference, lines):
        """Stock back on the shelf, once per reference and product."""
        self._called("receive_stock_lines")
        for line in lines:
            if (reference["type"], reference["id"], line["idproduct"]) not in self.received:
                self.received.add((reference["type"], reference["id"], line["idproduct"]))
                self.free[(line["idproduct"], warehouse_id)] = self.free.get((line["idproduct"], warehouse_id), 0) + line["amount"]
        return []

    def get_order_line_reservations(self, customer_id, order_line_ids):
        self._called("get_order_line_reservations")
        return [dict(self.reservations[line]) for line in sorted(order_line_ids) if line in self.reservations]

    def receive(self, product_id: int, warehouse_id: int, amount: int) -> dict:
        """Stock arrives: the reservations_filled payload catalog would announce."""
        self.free[(product_id, warehouse_id)] = self.free.get((product_id, warehouse_id), 0) + amount
        filled = self._serve([product_id])
        return {"event_id": str(uuid.uuid4()), "idfulfilment_customer": ACME,
                "reservations": [dict(self.reservations[line]) for line in filled]}

    def _serve(self, product_ids) -> list[int]:
        """Top up waiting reservations of these products, in the order they were asked."""
        products, filled = set(product_ids), []
        for reservation in self.reservations.values():
            key = (reservation["idproduct"], reservation["idwarehouse"])
            if reservation["idproduct"] not in products:
                continue
            extra = max(0, min(reservation["wanted"] - reservation["amount"], self.free.get(key, 0)))
            if reservation["status"] == "reserved" and extra:
                self.free[key] -= extra
                reservation.update(amount=reservation["amount"] + extra, version=reservation["version"] + 1)
                filled.append(reservation["order_line_id"])
        return filled
