"""An order's totals as the order page and the current order show them: the number of items and
the sum of the lines' prices (each line's price per unit times its amount)."""
from decimal import Decimal, InvalidOperation

from gateway.portal import blueprint


@blueprint.app_template_global()
def order_totals(lines: list[dict]) -> dict:
    """{"items": how many pieces, "total": Decimal sum of price × amount}. A line without a price
    (a product no longer available) counts its pieces but adds nothing to the sum."""
    items, total = 0, Decimal("0")
    for line in lines:
        items += line["amount"]
        try:
            total += Decimal(str(line["price"])) * line["amount"]
        except (InvalidOperation, KeyError, TypeError):
            continue
    return {"items": items, "total": total}
