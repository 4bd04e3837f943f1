"""The tenancy proof: every gateway route (from Flask's url_map) and every RPC method that takes
a customer_id (from the services' contract.py files), used by ANOTHER client against a victim
client's objects, answers 404/403 or nothing of the victim's, and the victim's data stays as it
was. How each route and argument is probed: tenancy_rules.py (one line per route)."""
import base64
import importlib
import json
import re
import time
import uuid

import pytest
import requests
from e2e_api import create_customer, create_product, csrf_token, portal_login, small_png
from fake_woocommerce import FakeWooCommerce
from nameko.exceptions import RemoteError

import tenancy_rules as rules
from gateway import create_app

CONTRACTS = ("accounts", "catalog", "orders", "purchasing", "webshop_gateway")
PASSWORD = "tenancy-harbour-61"


def gateway_routes() -> list[tuple[str, str]]:
    app = create_app({"TESTING": True, "SECRET_KEY": "routes only"}, rpc=object())
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def customer_scoped_rpc_methods() -> list[tuple[str, str, list[str]]]:
    found = []
    for service in CONTRACTS:
        for method, spec in importlib.import_module(f"{service}.contract").RPC.items():
            names = [re.split(r"[=:]", arg)[0].strip() for arg in spec["args"]]
            if names[:1] == ["customer_id"]:
                found.append((service, method, names[1:]))
    return found


def test_every_route_and_rpc_argument_has_a_tenancy_rule():
    routes = {f"{method} {rule}" for method, rule in gateway_routes()}
    missing = sorted(routes - set(rules.ROUTES))
    stale = sorted(set(rules.ROUTES) - routes)
    assert not missing, f"add a line per route to tests/e2e/tenancy_rules.py ROUTES: {missing}"
    assert not stale, f"remove from tests/e2e/tenancy_rules.py ROUTES (no such route): {stale}"
    variables = {name for _, rule in gateway_routes() for name in re.findall(r"<(?:\w+:)?(\w+)>", rule)}
    unknown = sorted(variables - set(rules.VICTIM_IDS) - set(rules.FIXED_PATH_VALUES))
    assert not unknown, f"add to VICTIM_IDS or FIXED_PATH_VALUES in tenancy_rules.py: {unknown}"
    arguments = {name for _, _, names in customer_scoped_rpc_methods() for name in names if name != "data"}
    assert not arguments - set(rules.RPC_ARGS), f"add to RPC_ARGS: {sorted(arguments - set(rules.RPC_ARGS))}"
    needs_data = sorted(method for _, method, names in customer_scoped_rpc_methods() if "data" in names)
    assert not set(needs_data) - set(rules.RPC_DATA), f"add to RPC_DATA: {sorted(set(needs_data) - set(rules.RPC_DATA))}"


@pytest.fixture(scope="module")
def victim(operator, base_url, rpc, victim_shop):
    """A client with one object of each kind, all carrying a marker that must never leak."""
    tag = uuid.uuid4().hex[:8]
    customer = create_customer(operator, base_url, name=f"Victim {tag}", can_login=True, username=f"victim-{tag}",
                               password=PASSWORD, can_manage_products=True)
    customer_id = customer["idfulfilment_customer"]
    product = create_product(operator, base_url, customer_id, f"VICTIM-{tag}").json()
    warehouse = rpc.catalog.create_warehouse("Tenancy warehouse")["idwarehouse"]
    rpc.catalog.change_stock(customer_id, product["idproduct"], warehouse, 10, "first receipt")
    user = rpc.accounts.create_user(customer_id, {"username": f"victim-user-{tag}", "password": PASSWORD,
                                                  "emailaddress": f"victim-{tag}@example.test",
                                                  "permissions": ["ordering"]})
    address = rpc.accounts.create_address(customer_id, {**rules.ADDRESS, "name": f"Victim address {tag}"})
    key = rpc.accounts.create_customer_api_key(customer_id, f"Victim key {tag}")
    rpc.accounts.authenticate_user(user["username"], PASSWORD)
    order = rpc.orders.create_order(customer_id, {**rules.RPC_ARGS["address"][1], "reference": f"VICTIM-{tag}",
                                                  "products": [{"idproduct": product["idproduct"], "amount": 1}]},
                                    "api", f"victim {tag}")["order"]
    rpc.orders.process_order(customer_id, order["idorder"], warehouse, "warehouse")  # a reservation per line
    picklist = rpc.orders.list_picklists(customer_id, 0, {"idorder": order["idorder"]})[0]
    # The operator's carrier, the same for every client (so not marked as the victim's).
    provider = rpc.orders.create_shipping_provider({"name": "Tenancy carrier", "carrier_key": "dpd",
                                                    "tracktraceurl_pattern": "https://dpd.example/{trackingcode}",
                                                    "profiles": [{"name": "Standard"}]})
    rpc.orders.pick_all_picklist_products(customer_id, picklist["idpicklist"], "victim")
    shipment = rpc.orders.create_shipment(customer_id, picklist["idpicklist"], {
        "idshippingprovider_profile": provider["profiles"][0]["idshippingprovider_profile"], "weight": 500,
        "trackingcode": f"VICTIM-{tag}"}, "victim")
    rpc.orders.close_picklist(customer_id, picklist["idpicklist"], "victim")
    webshop = rpc.webshop_gateway.link_webshop(customer_id, {
        "platform": "woocommerce", "name": f"Victim shop {tag}", "url": victim_shop.url,
        "consumer_key": victim_shop.consumer_key, "consumer_secret": victim_shop.consumer_secret}, "victim")
    shop_update = shipped_shop_order(rpc, customer_id, webshop["idwebshop"], victim_shop, product, warehouse,
                                     provider["profiles"][0]["idshippingprovider_profile"])
    return_ = rpc.orders.register_return(customer_id, {"idorder": order["idorder"], "reference": f"VICTIM-{tag}",
                                                       "returned_products": [{"idproduct": product["idproduct"],
                                                                              "amount": 1, "reason": "victim"}]},
                                         "victim")
    image = base64.b64encode(small_png()).decode()
    image_id = rpc.catalog.add_product_image(customer_id, product["idproduct"], image)["idproduct_image"]
    rpc.orders.set_current_order_line(customer_id, user["iduser"], product["idproduct"], 2)
    rpc.orders.update_current_order(customer_id, user["iduser"], {"deliveryname": f"Victim {tag}"})
    supplier = rpc.purchasing.create_supplier(customer_id, {"name": f"Victim supplier {tag}"})
    purchase_order = rpc.purchasing.create_purchase_order(customer_id, {
        "idsupplier": supplier["idsupplier"], "supplier_orderid": f"VICTIM-{tag}",
        "products": [{"idproduct": product["idproduct"], "amount": 4}]}, "victim")["purchase_order"]
    receipt = received_once_placed(rpc, customer_id, purchase_order["idpurchaseorder"], warehouse)
    transfer = rpc.purchasing.create_stock_transfer(customer_id, {
        "origin": f"Victim shop {tag}", "products": [{"idproduct": product["idproduct"], "amount": 2}]},
        "victim", True)["stock_transfer"]
    movement = rpc.catalog.list_stock_history(customer_id, {"idproduct": product["idproduct"]}, 0, None)[0]
    waiting = rpc.orders.create_order(customer_id, {**rules.RPC_ARGS["address"][1], "reference": f"VICTIM-{tag}",
                                                    "products": [{"idproduct": product["idproduct"], "amount": 500}]},
                                      "api", f"victim {tag}")["order"]
    rpc.orders.process_order(customer_id, waiting["idorder"], warehouse, "warehouse")  # most of it waits
    backorder = rpc.orders.list_backorders(customer_id, 0, {"idorder": waiting["idorder"]})[0]
    victim_shop.add_order([(f"VICTIM-{tag}-UNKNOWN", 1)])  # fails: its reason names the SKU, the marker
    seen_order = first_seen_order(rpc, customer_id, webshop["idwebshop"], "failed")
    hook = rpc.accounts.create_hook(customer_id, {"name": f"Victim hook {tag}", "event": "orders.created",
                                                  "address": f"https://victim-{tag}.example/hook", "secret": tag})
    victim_tag = rpc.orders.create_tag(customer_id, {"title": f"Victim tag {tag}"})
    rpc.orders.add_order_tag(customer_id, order["idorder"], victim_tag["idtag"], "victim")
    return {"customer_id": customer_id, "product_id": product["idproduct"], "user_id": user["iduser"],
            "address_id": address["idaddress"], "key_id": key["key_id"], "warehouse_id": warehouse,
            "order_id": order["idorder"], "order_line_id": order["products"][0]["idorder_product"],
            "image_id": image_id, "image_base64": image, "picklist_id": picklist["idpicklist"],
            "shipment_id": shipment["idshipment"], "return_id": return_["idreturn"], "supplier_id": supplier["idsupplier"],
            "purchase_order_id": purchase_order["idpurchaseorder"],
            "purchase_order_line_id": purchase_order["products"][0]["idpurchaseorder_product"],
            "receipt_id": receipt["idreceipt"], "transfer_id": transfer["idstocktransfer"],
            "productcode": product["productcode"], "password": PASSWORD, "marker": tag,
            "movement_id": movement["idproduct_stock_history"], "backorder_id": backorder["idbackorder"],
            "webshop_id": webshop["idwebshop"], "seen_order_id": seen_order["idseen_order"],
            "shop_update_id": shop_update["idshop_update"],
            "hook_id": hook["idhook"], "tag_id": victim_tag["idtag"]}


@pytest.fixture(scope="module")
def victim_shop():
    with FakeWooCommerce() as shop:
        yield shop


def first_seen_order(rpc, customer_id: int, webshop_id: int, outcome: str) -> dict:
    """The shop's newest order with this outcome, once webshop_gateway's poll has seen it and orders
    answered for it (a snapshot taken while it is pending would differ from one taken after)."""
    deadline = time.monotonic() + 20
    while not (seen := rpc.webshop_gateway.list_seen_orders(customer_id, webshop_id, 0, outcome)):
        assert time.monotonic() < deadline, "the victim's shop was not polled"
        time.sleep(0.2)
    return seen[0]


def shipped_shop_order(rpc, customer_id: int, webshop_id: int, shop, product: dict, warehouse: int,
                       profile_id: int) -> dict:
    """An order from the victim's shop, imported, shipped, and its tracking code on its way back
    to the shop: the victim's update (webshop_gateway hears order_shipped a moment later)."""
    shop.add_order([(product["productcode"], 1)])
    order_id = first_seen_order(rpc, customer_id, webshop_id, "imported")["idorder"]
    rpc.orders.process_order(customer_id, order_id, warehouse, "warehouse")
    picklist = rpc.orders.list_picklists(customer_id, 0, {"idorder": order_id})[0]
    rpc.orders.pick_all_picklist_products(customer_id, picklist["idpicklist"], "victim")
    rpc.orders.create_shipment(customer_id, picklist["idpicklist"], {
        "idshippingprovider_profile": profile_id, "weight": 500, "trackingcode": "VICTIM-SHOP-PARCEL"}, "victim")
    deadline = time.monotonic() + 20
    while not (updates := rpc.webshop_gateway.list_shop_updates(customer_id, webshop_id)):
        assert time.monotonic() < deadline, "the victim's shipment did not reach webshop_gateway"
        time.sleep(0.2)
    return updates[0]


def received_once_placed(rpc, customer_id: int, purchase_order_id: int, warehouse_id: int) -> dict:
    """The purchase order placed into the client's warehouse for purchase orders (purchasing hears
    of it from accounts a moment later), and one unit received."""
    rpc.accounts.update_customer(customer_id, {"idwarehouse_purchaseorders": warehouse_id})
    deadline = time.monotonic() + 15
    while True:
        try:
            rpc.purchasing.mark_purchase_order_purchased(customer_id, purchase_order_id, "victim")
            break
        except RemoteError as error:
            if error.exc_type != "NoPurchaseOrderWarehouse" or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return rpc.purchasing.receive_purchase_order(customer_id, purchase_order_id, {"products": [
        {"idproduct": rpc.purchasing.get_purchase_order(customer_id, purchase_order_id)["products"][0]["idproduct"],
         "amount": 1}]}, "warehouse")["receipt"]


@pytest.fixture(scope="module")
def attacker(operator, base_url, rpc):
    username = f"attacker-{uuid.uuid4().hex[:8]}"
    customer = create_customer(operator, base_url, name="Attacker BV", can_login=True, username=username,
                               password=PASSWORD, can_manage_products=True)
    key = rpc.accounts.create_customer_api_key(customer["idfulfilment_customer"], "attacker key")["key"]
    return {"customer_id": customer["idfulfilment_customer"], "username": username, "key": key}


def snapshot(rpc, victim) -> dict:
    accounts, customer_id = rpc.accounts, victim["customer_id"]
    return {"customer": accounts.get_customer(customer_id), "users": accounts.list_users(customer_id),
            "addresses": accounts.list_addresses(customer_id), "keys": accounts.list_api_keys(customer_id),
            "products": rpc.catalog.list_products(customer_id, 0, None),
            "orders": rpc.orders.list_orders(customer_id, 0, None),
            "picklists": rpc.orders.list_picklists(customer_id, 0, None),
            "shipments": rpc.orders.list_shipments(customer_id, 0, None),
            "returns": rpc.orders.list_returns(customer_id, 0, None),
            "current_order": rpc.orders.get_current_order(customer_id, victim["user_id"]),
            "suppliers": rpc.purchasing.list_suppliers(customer_id),
            "purchase_orders": rpc.purchasing.list_purchase_orders(customer_id),
            "receipts": rpc.purchasing.list_receipts(customer_id),
            "stock_transfers": rpc.purchasing.list_stock_transfers(customer_id),
            # The victim's shop is polled all along: what a poll changes (when, how often seen) is left out.
            "webshops": [{key: shop[key] for key in ("idwebshop", "platform", "name", "url", "webhook_token")}
                         for shop in rpc.webshop_gateway.list_webshops(customer_id)],
            "seen_orders": [(seen["idseen_order"], seen["outcome"], seen["reason"], seen["idorder"])
                            for seen in rpc.webshop_gateway.list_seen_orders(customer_id, victim["webshop_id"])],
            "hooks": accounts.list_hooks(customer_id),
            # still logged in: nobody ended the victim's sessions
            "session": accounts.get_session_user(customer_id, victim["user_id"], 1)}


def fill_path(rule: str, victim: dict) -> str:
    def value(match):
        name = match.group(1)
        return str(victim[rules.VICTIM_IDS[name]] if name in rules.VICTIM_IDS else rules.FIXED_PATH_VALUES[name])
    return re.sub(r"<(?:\w+:)?(\w+)>", value, rule)


def probe_route(base_url, method, rule, kind, victim, attacker) -> requests.Response:
    url = base_url + fill_path(rule, victim)
    foreign = {"idfulfilment_customer": victim["customer_id"], "customer_id": victim["customer_id"],
               "user_id": victim["user_id"]}
    if kind == rules.PUBLIC:
        return requests.request(method, url, allow_redirects=False)
    if kind in (rules.OPERATOR_ONLY, rules.API_OWN, rules.API_OBJECT):
        # Naming the victim's customer is API_OWN's probe; an object id alone must be a 404.
        named = foreign if kind != rules.API_OBJECT else {}
        return requests.request(method, url, auth=(attacker["key"], ""), params=named,
                                json={**named, "name": "probe", "productcode": "PROBE-API"} if method != "GET" else None)
    portal = portal_login(base_url, attacker["username"], PASSWORD)
    token = csrf_token(portal.get(f"{base_url}/fulfilmentportal/account").text)
    data = {**foreign, "csrf_token": token} if method == "POST" else None
    return portal.request(method, url, params=foreign, data=data, allow_redirects=False)


EXPECTED_STATUS = {rules.OPERATOR_ONLY: {403}, rules.API_OWN: {403}, rules.API_OBJECT: {404},
                   rules.PORTAL_OBJECT: {404}}


# Every route, as a portal user and a key of another client: a few hundred requests, each with
# its own sign-in, which takes minutes on a busy machine.
@pytest.mark.timeout(900)
def test_another_client_reaches_nothing_of_the_victim_through_any_route(base_url, rpc, victim, attacker):
    before = snapshot(rpc, victim)
    failures = []
    for method, rule in gateway_routes():
        kind = rules.ROUTES[f"{method} {rule}"]
        response = probe_route(base_url, method, rule, kind, victim, attacker)
        expected = EXPECTED_STATUS.get(kind)
        if (expected and response.status_code not in expected) or response.status_code >= 500:
            failures.append(f"{method} {rule} ({kind}): {response.status_code}, want {expected or '< 500'}")
        elif victim["marker"] in response.text:
            failures.append(f"{method} {rule} ({kind}): the answer holds the victim's data")
    assert not failures, "\n".join(failures)
    assert snapshot(rpc, victim) == before


def rpc_arguments(method: str, names: list[str], victim: dict) -> list:
    values = []
    for name in names:
        if name == "data":
            data = rules.RPC_DATA[method]
            values.append(data(victim) if callable(data) else data)
        else:
            source, value = rules.RPC_ARGS[name]
            if source == "victim_claims":
                value = [{"order_line_id": victim["order_line_id"], "idproduct": victim["product_id"], "amount": 1,
                          "picked": 0}]
            values.append(victim[value] if source == "victim" else [victim[value]] if source == "victim_list" else value)
    return values


def names_a_victim_object(names: list[str]) -> bool:
    return any(rules.RPC_ARGS.get(name, ("value",))[0] == "victim" and name in rules.VICTIM_IDS for name in names)


def test_every_customer_scoped_rpc_method_refuses_another_clients_objects(rpc, victim, attacker):
    before = snapshot(rpc, victim)
    failures = []
    for service, method, names in customer_scoped_rpc_methods():
        call = getattr(getattr(rpc, service), method)
        try:
            result = call(attacker["customer_id"], *rpc_arguments(method, names, victim))
        except RemoteError as error:
            if not (error.exc_type.endswith("NotFound") or error.exc_type == "SessionExpired"):
                if names_a_victim_object(names) and method not in rules.OWN_SPACE_METHODS:
                    failures.append(f"{service}.{method}: {error.exc_type} ({error.value}), want a not-found error")
            continue
        if (names_a_victim_object(names) and method not in rules.OWN_SPACE_METHODS
                and not (method in rules.SILENT_METHODS and result is None)):
            failures.append(f"{service}.{method}: answered {result!r} for another client's object")
        elif victim["marker"] in json.dumps(result, default=str):
            failures.append(f"{service}.{method}: the answer holds the victim's data")
    assert not failures, "\n".join(failures)
    assert snapshot(rpc, victim) == before
