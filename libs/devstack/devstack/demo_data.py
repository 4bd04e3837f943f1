"""Demo data, seeded through the services' own RPC so it obeys every rule real data does.
Idempotent: a second run finds what the first made and adds nothing."""
import base64
import time

from nameko.exceptions import RemoteError

from devstack.demo_photos import solid_png

WAREHOUSES = ("Main warehouse Tilburg", "Overflow warehouse Venlo")

DEMO_ADDRESS = {"deliveryname": "Jan Jansen", "deliveryaddress": "Dorpsstraat 1", "deliveryzipcode": "3512 AB",
                "deliverycity": "Utrecht", "deliverycountry": "NL"}

# The operator's carrier accounts: name, carrier key, track & trace page, profiles.
SHIPPING_PROVIDERS = (
    ("PostNL", "postnl", "https://jouw.postnl.nl/track-and-trace/{trackingcode}-NL", ("Standard", "Evening delivery")),
    ("DHL Parcel", "dhl", "https://www.dhl.com/nl-en/home/tracking.html?tracking-id={trackingcode}", ("Europlus",)),
)

CUSTOMERS = (
    {
        "name": "Acme Outdoor BV", "username": "acme", "language": "en", "country": "NL",
        # code, name, barcode, price, cost price, minimum stock, stock, photo colours
        "products": (
            ("ACME-TENT-2P", "Trail tent, 2 persons", "8712345000011", "149.00", "82.00", 10, 24, ((46, 125, 50), (200, 230, 201))),
            ("ACME-BAG-35L", "Daypack 35 litre", "8712345000028", "59.95", "27.50", 20, 120, ((21, 101, 192), (255, 193, 7))),
            ("ACME-MAT-XL", "Sleeping mat XL", "8712345000035", "39.50", "17.80", 5, 0, None),
            ("ACME-STOVE", "Camping stove", "8712345000042", "34.99", "15.20", 10, 8, ((66, 66, 66), (244, 81, 30))),
        ),
        "orders": (
            ("DEMO-1001", (("ACME-TENT-2P", 1), ("ACME-BAG-35L", 2))),
            ("DEMO-1002", (("ACME-STOVE", 3),)),
        ),
    },
    {
        "name": "Bakkerij de Korenschoof", "username": "korenschoof", "language": "nl", "country": "BE",
        "products": (
            ("KS-STROOP-250", "Stroopwafels 250 g", "8719876000012", "3.49", "1.35", 200, 600, ((121, 85, 72), (255, 224, 178))),
            ("KS-SPECU-400", "Speculaas 400 g", "8719876000029", "4.25", "1.90", 100, 240, ((141, 110, 99), (215, 204, 200))),
            ("KS-GIFT-BOX", "Cadeaudoos koekjes", None, "12.50", "6.10", 0, 35, None),
        ),
        "orders": (
            ("DEMO-2001", (("KS-STROOP-250", 24), ("KS-SPECU-400", 12))),
        ),
    },
)


def _create_product(rpc, customer_id: int, data: dict, timeout: float = 20) -> dict | None:
    """Create a product; None if its code exists. Retries while the catalog has not yet heard of
    the customer: it learns of new customers from the customer_created event, a moment later."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return rpc.catalog.create_product(customer_id, data)
        except RemoteError as error:
            if error.exc_type == "DuplicateProductCode":
                return None
            if error.exc_type != "UnknownCustomer" or time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def seed(rpc, password: str, operator_key: str) -> dict:
    warehouses = [rpc.catalog.create_warehouse(name) for name in WAREHOUSES]
    main_warehouse = warehouses[0]["idwarehouse"]
    known = {provider["name"] for provider in rpc.orders.list_shipping_providers()}
    for name, carrier_key, pattern, profiles in SHIPPING_PROVIDERS:
        if name not in known:
            rpc.orders.create_shipping_provider({"name": name, "carrier_key": carrier_key,
                                                 "tracktraceurl_pattern": pattern,
                                                 "profiles": [{"name": profile} for profile in profiles]})
    logins = []
    for spec in CUSTOMERS:
        customer = rpc.accounts.find_customer_by_name(spec["name"]) or rpc.accounts.create_customer({
            "name": spec["name"], "can_login": True, "username": spec["username"], "password": password,
            "language": spec["language"], "country": spec["country"], "preferred_idwarehouse": main_warehouse,
            "idwarehouse_purchaseorders": main_warehouse,
        })
        customer_id = customer["idfulfilment_customer"]
        for code, name, barcode, price, costprice, minimum, stock, colours in spec["products"]:
            product = _create_product(rpc, customer_id, {"productcode": code, "name": name, "barcode": barcode,
                                                         "price": price, "costprice": costprice,
                                                         "minimum_stock": minimum})
            if product and stock:
                rpc.catalog.change_stock(customer_id, product["idproduct"], main_warehouse, stock,
                                         "Demo stock: first receipt")
            if product and colours:
                photo = base64.b64encode(solid_png(480, 480, *colours)).decode()
                rpc.catalog.add_product_image(customer_id, product["idproduct"], photo)
        for reference, lines in spec["orders"]:
            # Orders from the API are idempotent by reference: a second seed finds them.
            rpc.orders.create_order(customer_id, {
                **DEMO_ADDRESS, "reference": reference,
                "products": [{"productcode": code, "amount": amount} for code, amount in lines],
            }, "api", "Demo webshop")
        logins.append((spec["name"], customer["username"], customer["language"]))
    rpc.accounts.create_api_key("operator", None, "Demo operator key", operator_key)
    rpc.accounts.set_branding(None, {
        "text": "Warehouse Tilburg",
        "dashboard_text": "Orders placed before 15:00 on a working day ship the same day.\n\n"
                          "Questions? Mail support@warehouse.example.",
        "translations": {"nl": {"text": "Magazijn Tilburg",
                                "dashboard_text": "Bestellingen die voor 15:00 op een werkdag binnen zijn, gaan dezelfde "
                                                  "dag de deur uit.\n\nVragen? Mail support@warehouse.example."}},
    })
    return {"logins": logins, "warehouses": [w["name"] for w in warehouses]}
