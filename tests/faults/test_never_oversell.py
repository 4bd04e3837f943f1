"""Never oversell, with everything running on two replicas of orders and of catalog (the fault
stack's, faults_api.REPLICAS): many orders for a product with little stock are placed and
processed at once over HTTP, then stock arrives while orders are cancelled. Reserved never
exceeds stock, every unit ordered is allocated or backordered, and stock that arrives never sits
free while an order waits for it."""
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from e2e_api import create_customer, create_product

ADDRESS = {"deliveryname": "Outdoor Shop Utrecht", "deliveryaddress": "Oudegracht 10",
           "deliveryzipcode": "3511 AB", "deliverycity": "Utrecht", "deliverycountry": "NL"}
ORDERS = 30


def in_parallel(work, items, threads: int = 12) -> list:
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(work, items))


def test_concurrent_orders_cancels_and_receipts_never_oversell(operator, base_url, rpc):
    api = f"{base_url}/api/v1"
    customer_id = create_customer(operator, base_url, name="Oversell Test BV")["idfulfilment_customer"]
    product = create_product(operator, base_url, customer_id, f"SCARCE-{uuid.uuid4().hex[:4]}").json()
    warehouse = rpc.catalog.create_warehouse("Oversell warehouse")["idwarehouse"]
    stock_url = f"{api}/products/{product['idproduct']}/stock/{warehouse}"
    assert operator.post(stock_url, json={"amount": 7, "reason": "first receipt"}).ok
    amounts = [random.Random(n).randint(1, 3) for n in range(ORDERS)]

    def order_and_process(amount: int) -> dict:
        client = requests.Session()
        client.auth = operator.auth
        created = client.post(f"{api}/orders", json={**ADDRESS, "idfulfilment_customer": customer_id,
                                                      "products": [{"idproduct": product["idproduct"], "amount": amount}]})
        assert created.status_code == 201, created.text
        processed = client.post(f"{api}/orders/{created.json()['idorder']}/process", json={"idwarehouse": warehouse})
        assert processed.status_code == 200, processed.text
        return processed.json()

    orders = in_parallel(order_and_process, amounts)

    def accounted() -> tuple[dict, dict]:
        """The stock level, and per order still open: (allocated, backordered)."""
        level = operator.get(stock_url).json()
        lines = {}
        for order in orders:
            current = operator.get(f"{api}/orders/{order['idorder']}").json()
            if current["status"] != "cancelled":
                line = current["products"][0]
                lines[order["idorder"]] = (line["allocated"], line["backordered"], line["amount"])
        assert level["reserved"] <= level["stock"]
        assert level["reserved"] == sum(allocated for allocated, _, _ in lines.values())
        assert all(allocated + backordered == amount for allocated, backordered, amount in lines.values())
        return level, lines

    level, lines = accounted()
    assert (level["stock"], level["reserved"]) == (7, 7)
    assert sum(backordered for _, backordered, _ in lines.values()) == sum(amounts) - 7

    # Stock arrives in small receipts while five orders are cancelled, all at once.
    cancelled = [order["idorder"] for order in orders[::6]]
    receipts = [{"change": 2, "reason": f"receipt {n}"} for n in range(6)]
    in_parallel(lambda job: (operator.delete(f"{api}/orders/{job}") if isinstance(job, int)
                             else operator.post(stock_url, json=job)), cancelled + receipts)

    deadline, settled, previous = time.monotonic() + 30, 0, None
    while settled < 10:  # quiet for a second: every stock_changed has been handled
        assert time.monotonic() < deadline, "backorders never settled"
        state = (operator.get(stock_url).json(), operator.get(f"{api}/backorders",
                                                               params={"idproduct": product["idproduct"]}).json())
        settled = settled + 1 if state == previous else 0
        previous = state
        time.sleep(0.1)
    level, lines = accounted()
    assert level["stock"] == 7 + 12
    waiting = sum(backordered for _, backordered, _ in lines.values())
    assert waiting == 0 or level["freestock"] == 0, f"{level['freestock']} free while {waiting} wait"
    history = operator.get(f"{api}/stockhistory", params={"idproduct": product["idproduct"]}).json()
    assert sum(row["stock_change"] for row in history) == level["stock"]  # the ledger explains the level
