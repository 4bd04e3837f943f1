"""Picqer's VAT groups (/vatgroups): the rates products are sold at, the warehouse's for every
client. The Dutch ones, fixed in code rather than kept in a table: they change by law, seldom,
and then by a release, and a product names one by its id (`idvatgroup`, 1 unless it says)."""
from decimal import Decimal

from catalog.exceptions import InvalidProduct

VAT_GROUPS = {1: ("BTW hoog", Decimal("21.00")), 2: ("BTW laag", Decimal("9.00")), 3: ("BTW 0%", Decimal("0.00"))}
DEFAULT_VAT_GROUP = 1


def list_vat_groups() -> list[dict]:
    return [{"idvatgroup": number, "name": name, "percentage": str(percentage)}
            for number, (name, percentage) in VAT_GROUPS.items()]


def unknown_vat_group(fields: dict) -> str | None:
    """Why the product's `idvatgroup` cannot be, or None."""
    if fields.get("vatgroup_id", DEFAULT_VAT_GROUP) in VAT_GROUPS:
        return None
    return f"VAT group {fields['vatgroup_id']} does not exist (GET /vatgroups)"


def require_vat_group(fields: dict) -> dict:
    if refused := unknown_vat_group(fields):
        raise InvalidProduct(f"idvatgroup: {refused}")
    return fields
