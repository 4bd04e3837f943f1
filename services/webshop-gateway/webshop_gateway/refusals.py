"""What orders' refusal of a shop's order means for the client: a reason to act on."""
import re

UNKNOWN_CODE = re.compile(r"unknown product \(productcode '([^']*)'\)")


def actionable_reason(refusal: str) -> str:
    """orders names each bad field of its input ("products.0: unknown product (productcode
    'X')"); the client thinks in SKUs and addresses, and wants to know what to do."""
    unknown = UNKNOWN_CODE.findall(refusal)
    if unknown:
        skus = ", ".join(f'"{sku}"' for sku in unknown)
        return (f"Unknown SKU {skus}: add a product with this product code here (or correct the SKU in the "
                "shop), then retry.")
    return f"The order was refused: {refusal}. Correct it in the shop, then retry."
