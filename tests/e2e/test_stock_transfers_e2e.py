"""Stock transfers over real HTTP: a client sends goods from its own shop to its warehouse for
purchase orders; the warehouse receives them with one line short, the stock rises once through
catalog's ledger referencing the transfer and fills a waiting backorder, and the client is told by
email; the running API matches openapi.yaml."""
import uuid

from e2e_api import create_customer, create_product, csrf_token, mail_subjects, portal_login, wait_for_mail
from openapi_check import assert_matches_openapi
from test_purchase_orders_e2e import key_session, purchased, wait_until

PATH = "/stocktransfers/{idstocktransfer}"
PASSWORD = "harbour-lantern-58"
ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "1234 AB",
           "deliverycity": "Utrecht", "deliverycountry": "NL"}


def test_a_transfer_is_received_one_line_short_and_fills_a_backorder(operator, base_url, rpc, mail_dir):
    warehouse = rpc.catalog.create_warehouse("Transfer dock")["idwarehouse"]
    inbox = f"goods-{uuid.uuid4().hex[:8]}@example.test"
    customer = create_customer(operator, base_url, idwarehouse_purchaseorders=warehouse, notification_email=inbox,
                               language="en")
    customer_id, root = customer["idfulfilment_customer"], f"{base_url}/api/v1"
    for code in ("ST-MUG", "ST-CUP"):
        assert create_product(operator, base_url, customer_id, code).status_code == 201
    api, other = key_session(operator, rpc, customer_id), key_session(
        operator, rpc, create_customer(operator, base_url)["idfulfilment_customer"])
    products = {p["productcode"]: p["idproduct"] for p in api.get(f"{root}/products").json()}
    waiting = api.post(f"{root}/orders", json={**ADDRESS, "products": [{"productcode": "ST-CUP", "amount": 2}]}).json()
    operator.post(f"{root}/orders/{waiting['idorder']}/process", json={"idwarehouse": warehouse})

    for body, message in (({"origin": "Shop", "products": [{"productcode": "ST-MUG", "amount": 0}]},
                           "products.0.amount: Must be a whole number from 1 to 100000."),
                          ({"origin": "Shop", "products": [{"productcode": "ST-MUG", "amount": 2.5}]},
                           "products.0.amount: Must be a whole number from 1 to 100000.")):
        refused = purchased(api, f"{root}/stocktransfers", json=body)
        assert_matches_openapi("POST", "/stocktransfers", refused)
        assert (refused.status_code, refused.json()["error_message"]) == (400, message)
    assert api.get(f"{root}/stocktransfers").json() == []

    created = purchased(api, f"{root}/stocktransfers", headers={"Idempotency-Key": uuid.uuid4().hex}, json={
        "origin": "Shop Utrecht", "expected_date": "2026-12-10",
        "products": [{"productcode": "ST-MUG", "amount": 6}, {"productcode": "ST-CUP", "amount": 5}]})
    assert_matches_openapi("POST", "/stocktransfers", created)
    assert created.status_code == 201, created.text
    transfer = created.json()
    assert (transfer["status"], transfer["idwarehouse"], transfer["created_by_client"]) == ("to_ship", warehouse, True)
    url = f"{root}/stocktransfers/{transfer['idstocktransfer']}"
    changed = api.put(url, json={"remarks": "2 boxes"})
    assert_matches_openapi("PUT", PATH, changed)
    assert changed.json()["remarks"] == "2 boxes"
    not_theirs = operator.post(f"{url}/cancel")
    assert_matches_openapi("POST", PATH + "/cancel", not_theirs)
    assert not_theirs.status_code == 403
    assert other.get(url).status_code == 404 and other.post(f"{url}/receive", json={}).status_code == 404

    received = operator.post(f"{url}/receive", json={"products": [{"productcode": "ST-CUP", "amount": 4}]})
    assert_matches_openapi("POST", PATH + "/receive", received)
    assert received.status_code == 200, received.text
    assert [(l["amount"], l["amount_received"], l["amount_difference"]) for l in received.json()["products"]] == [
        (6, 6, 0), (5, 4, -1)]
    level = wait_until(lambda: (l := api.get(f"{root}/products/{products['ST-CUP']}/stock/{warehouse}").json())
                       ["stock"] == 4 and l)
    assert (level["stock"], level["reserved"], level["freestock"]) == (4, 2, 2)
    assert wait_until(lambda: api.get(f"{root}/orders/{waiting['idorder']}").json()["products"][0]["allocated"] == 2)
    history = api.get(f"{root}/stockhistory?idproduct={products['ST-CUP']}").json()
    assert [(row["stock_change"], row["reference_type"], row["reference_id"], row["iduser"]) for row in history] == [
        (4, "transfer", str(transfer["idstocktransfer"]), None)]  # the warehouse's key acts for no user

    # The client is told by email, once, what arrived.
    subject, body = wait_for_mail(mail_dir, inbox, transfer["stocktransferid"])
    assert subject == f"Goods received: {transfer['stocktransferid']}"
    assert "6 × ST-MUG" in body and "4 × ST-CUP" in body and f"/stock-transfers/{transfer['idstocktransfer']}" in body

    again = api.post(f"{url}/receive", json={})
    assert again.status_code == 409 and "has been received" in again.json()["error_message"]
    cancel = api.post(f"{url}/cancel")
    assert cancel.status_code == 409 and "has been received" in cancel.json()["error_message"]
    fetched = api.get(url)
    assert_matches_openapi("GET", PATH, fetched)
    assert fetched.json()["stock_status"] == "completed"
    listed = api.get(f"{root}/stocktransfers?created_by=API key erp&status=received")
    assert_matches_openapi("GET", "/stocktransfers", listed)
    assert [row["idstocktransfer"] for row in listed.json()] == [transfer["idstocktransfer"]]
    assert api.get(f"{root}/stocktransfers?created_by=someone else").json() == []
    assert [s for s in mail_subjects(mail_dir, inbox) if s.startswith("Goods received")] == [subject]


def test_a_portal_users_receipt_carries_their_iduser_and_is_found_by_it(operator, base_url, rpc):
    """The stock history says which portal user received a transfer (Picqer's `iduser`), and
    `?iduser=` finds it; the warehouse's own stock change has no user, and another client's key
    naming that user sees nothing."""
    warehouse = rpc.catalog.create_warehouse("User dock")["idwarehouse"]
    username = f"dock-{uuid.uuid4().hex[:6]}"
    customer_id = create_customer(operator, base_url, idwarehouse_purchaseorders=warehouse, can_login=True,
                                  username=username, password=PASSWORD)["idfulfilment_customer"]
    root = f"{base_url}/api/v1"
    [user] = operator.get(f"{root}/fulfilment/customers/{customer_id}/users").json()
    assert create_product(operator, base_url, customer_id, "IDU-MUG").status_code == 201
    api, other = key_session(operator, rpc, customer_id), key_session(
        operator, rpc, create_customer(operator, base_url)["idfulfilment_customer"])
    [mug] = api.get(f"{root}/products").json()
    transfer = purchased(api, f"{root}/stocktransfers",
                         json={"origin": "Shop", "products": [{"productcode": "IDU-MUG", "amount": 5}]}).json()
    assert operator.post(f"{root}/products/{mug['idproduct']}/stock/{warehouse}",
                         json={"change": 2, "reason": "found on the shelf"}).status_code == 201

    portal = portal_login(base_url, username, PASSWORD)
    page = portal.get(f"{base_url}/fulfilmentportal/stock-transfers/{transfer['idstocktransfer']}").text
    [line] = transfer["products"]
    portal.post(f"{base_url}/fulfilmentportal/stock-transfers/{transfer['idstocktransfer']}/receive",
                data={"csrf_token": csrf_token(page), f"received-{line['idstocktransfer_product']}": "5"})

    mine = wait_until(lambda: api.get(f"{root}/stockhistory?iduser={user['iduser']}").json())
    assert_matches_openapi("GET", "/stockhistory", api.get(f"{root}/stockhistory?iduser={user['iduser']}"))
    assert [(row["stock_change"], row["reference_type"], row["iduser"]) for row in mine] == [
        (5, "transfer", user["iduser"])]
    everything = api.get(f"{root}/stockhistory?idproduct={mug['idproduct']}").json()
    assert [(row["stock_change"], row["iduser"]) for row in everything] == [(5, user["iduser"]), (2, None)]
    assert operator.get(f"{root}/stockhistory?iduser={user['iduser']}").json() == mine
    assert other.get(f"{root}/stockhistory?iduser={user['iduser']}").json() == []
