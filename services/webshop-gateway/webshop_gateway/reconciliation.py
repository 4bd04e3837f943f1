"""Stock reconciliation of one shop: for each of the client's products (a page of catalog's, 100
at a time), the stock the shop shows for the product with that SKU next to our free stock, and
what differs. Read live, never stored: catalog is asked first, then the shop, with no
transaction open.

WooCommerce: `GET products?sku=A,B,…` (its stock_quantity where it manages stock). Shopify: the
variants with those SKUs among its products (`products.json`, paged by the Link header; their
inventory_quantity). The JSON shop has no stock to read.
"""
import requests

from webshop_gateway.connection_test import shop_settings
from webshop_gateway.connections import linked
from webshop_gateway.credentials import CredentialsUnreadable, unseal
from webshop_gateway.shop_http import ShopAnswerUnreadable, ShopHttp, SyncFailed
from webshop_gateway.shopify import API_VERSION
from webshop_gateway.woocommerce import API as WOOCOMMERCE_API

PAGE_SIZE = 100  # catalog's page
SHOPIFY_PAGES = 20

# What the shop shows for a product, by SKU: its stock, None where it keeps no count (or unknown).
ShopStock = dict[str, int | None]


def compare(products: list[dict], shop_stock: ShopStock | None) -> list[dict]:
    """Each product of ours beside the shop's stock: `same`, `differs` (with `difference`, the
    shop's minus ours), `not_in_shop`, `not_tracked` (the shop keeps no count) or `unknown` (the shop
    could not be read)."""
    rows = []
    for product in products:
        ours, code = max(int(product["freestock"]), 0), product["productcode"]
        row = {"idproduct": product["idproduct"], "productcode": code, "name": product.get("name", ""),
               "freestock": ours, "shop_stock": None, "difference": None}
        if shop_stock is None:
            row["status"] = "unknown"
        elif code not in shop_stock:
            row["status"] = "not_in_shop"
        elif shop_stock[code] is None:
            row["status"] = "not_tracked"
        else:
            row["shop_stock"], row["difference"] = shop_stock[code], shop_stock[code] - ours
            row["status"] = "same" if row["difference"] == 0 else "differs"
        rows.append(row)
    return rows


def read_woocommerce(http: ShopHttp, url: str, credentials: dict, codes: list[str]) -> ShopStock:
    rows, _ = http.get_json(f"{url}{WOOCOMMERCE_API}/products", auth=(credentials["consumer_key"],
                                                                      credentials["consumer_secret"]),
                            params={"sku": ",".join(codes), "per_page": 100})
    if not isinstance(rows, list):
        raise ShopAnswerUnreadable("The shop's product list is not a list of products.")
    return {row["sku"]: (row.get("stock_quantity") if row.get("manage_stock") else None)
            for row in rows if isinstance(row, dict) and row.get("sku") in codes}


def read_shopify(http: ShopHttp, url: str, credentials: dict, codes: list[str]) -> ShopStock:
    headers = {"X-Shopify-Access-Token": credentials["access_token"], "Accept": "application/json"}
    wanted, found = set(codes), {}
    address: str | None = f"{url}/admin/api/{API_VERSION}/products.json"
    params: dict = {"limit": 250, "fields": "id,variants"}
    for _ in range(SHOPIFY_PAGES):
        body, answer_headers = http.get_json(address, params=params, headers=headers)
        if not isinstance(body, dict) or not isinstance(body.get("products"), list):
            raise ShopAnswerUnreadable("The shop's product list is not a list of products.")
        for product in body["products"]:
            for variant in (product.get("variants") or []) if isinstance(product, dict) else []:
                if isinstance(variant, dict) and variant.get("sku") in wanted:
                    tracked = variant.get("inventory_management") == "shopify"
                    found.setdefault(variant["sku"], variant.get("inventory_quantity") if tracked else None)
        links = requests.utils.parse_header_links(answer_headers["Link"]) if answer_headers.get("Link") else []
        address, params = next((link["url"] for link in links if link.get("rel") == "next"), None), {}
        if not address or wanted <= set(found):
            break
    return found


READERS = {"woocommerce": read_woocommerce, "shopify": read_shopify}


def reconcile(db, catalog, customer_id: int, webshop_id: int, offset: int) -> dict:
    """A page of the reconciliation: {rows, shop_error (why the shop could not be read), offset, more}."""
    webshop = db.read(lambda session: shop_settings(linked(session, customer_id, webshop_id)))
    products = catalog.list_products(customer_id, offset)
    shop_stock, shop_error = None, None
    reader = READERS.get(webshop["platform"])
    if reader is None:
        shop_error = "A JSON shop has no stock to compare."
    elif products:
        try:
            shop_stock = reader(ShopHttp(), webshop["url"], unseal(webshop["credentials"]),
                                [product["productcode"] for product in products])
        except (SyncFailed, CredentialsUnreadable) as error:
            shop_error = str(error)
    rows = compare(products, shop_stock)
    return {"idwebshop": webshop_id, "offset": offset, "rows": rows, "shop_error": shop_error,
            "differences": sum(row["status"] == "differs" for row in rows),
            "more": len(products) >= PAGE_SIZE}
