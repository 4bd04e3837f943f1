"""The orders service's neighbour, faked by its contract, and the clients its tests use."""


# Far above the ids accounts' own tests announce on the shared test broker, so that a stray
# customer_created/customer_updated from them never changes the rules of a customer these tests use.
ACME, GLOBEX = 1001, 1002


class FakeCatalog:
    """The catalog's RPC methods orders calls, as its contract promises them: a fixed set of
    products, and reservations per order line that take from free stock and top up when asked
    again (never more than asked, never more than free)."""

    PRODUCTS = [
        {"idproduct": 11, "idfulfilment_customer": ACME, "productcode": "MUG-1", "name": "Mug", "price": "4.50", "freestock": 8},
        {"idproduct": 12, "idfulfilment_customer": ACME, "productcode": "CUP-1", "name": "Cup", "price": "3.00", "freestock": 0},
        {"idproduct": 21, "idfulfilment_customer": GLOBEX, "productcode": "GLOBEX-1", "name": "Widget", "price": "9.99", "freestock": 5},
    ]

    def __init__(self):
        self.free: dict[tuple[int, int], int] = {}  # (product, warehouse) → free stock
        self.held: dict[int, int] = {}  # order line → reserved for it
        self.released: list[int] = []

    def find_products(self, customer_id, product_ids=(), productcodes=()):
        return [p for p in self.PRODUCTS if p["idfulfilment_customer"] == customer_id
                and (p["idproduct"] in product_ids or p["productcode"] in productcodes)]

    def find_product_ids(self, customer_id, productcodes):
        return {p["productcode"]: p["idproduct"] for p in self.find_products(customer_id, (), productcodes)}

    def reserve_stock(self, customer_id, order_line_id, product_id, warehouse_id, amount):
        held = self.held.get(order_line_id, 0)
        extra = max(0, min(amount - held, self.free.get((product_id, warehouse_id), 0)))
        self.free[(product_id, warehouse_id)] = self.free.get((product_id, warehouse_id), 0) - extra
        self.held[order_line_id] = held + extra
        return {"order_line_id": order_line_id, "idproduct": product_id, "idwarehouse": warehouse_id,
                "amount": held + extra, "status": "reserved"}

    def release_reservation(self, customer_id, order_line_id):
        self.released.append(order_line_id)
        self.held[order_line_id] = 0
        return {"order_line_id": order_line_id, "amount": 0, "status": "released"}
