"""A shop's order as this platform understands it, whatever the shop: what orders is asked to
create, or why it cannot be (a reason a person can act on). Plain data, no I/O."""
from dataclasses import dataclass, field


# What orders needs of a delivery address, with the words a client reads.
ADDRESS_PARTS = (("name", "deliveryname"), ("street", "deliveryaddress"), ("postcode", "deliveryzipcode"),
                 ("city", "deliverycity"), ("country", "deliverycountry"))


@dataclass(frozen=True)
class ShopOrder:
    external_id: str  # the shop's own id, unique within the shop: what makes an import idempotent
    reference: str  # what the shop's staff call it (its order number)
    shop_status: str
    modified: str  # when the shop last changed it (ISO 8601, UTC): the polling cursor
    to_fulfil: bool  # the shop's status says it is paid and waiting to be shipped
    order: dict | None = None  # orders' OrderInput, when the shop's order makes one
    problems: list[str] = field(default_factory=list)  # why it does not, in plain words

    @classmethod
    def made(cls, external_id: str, reference: str, shop_status: str, modified: str, to_fulfil: bool, address: dict,
             lines: list[tuple[str, object, str]], remarks: str | None) -> "ShopOrder":
        """From what any platform gives: a delivery address in orders' fields, and lines as
        (sku, quantity, the product's name in the shop). Every problem is named, not just the first."""
        problems = []
        missing = [label for label, key in ADDRESS_PARTS if not address.get(key)]
        if missing:
            problems.append(f"The delivery address misses its {', '.join(missing)}: complete it in the shop.")
        without_sku = [name or "a product" for sku, _, name in lines if not sku]
        shipped = [(sku, quantity) for sku, quantity, _ in lines if sku and isinstance(quantity, int) and quantity > 0]
        if without_sku:
            problems.append(f"Products without a SKU: {', '.join(without_sku)}. Give them the product code they have "
                            "here, in the shop.")
        elif not shipped:
            problems.append("The order has no lines to ship.")
        order = {**{key: value for key, value in address.items() if value}, "reference": reference,
                 "customer_remarks": remarks, "products": merged_lines(shipped)}
        return cls(external_id=external_id, reference=reference, shop_status=shop_status, modified=modified,
                   to_fulfil=to_fulfil, order=None if problems else order, problems=problems)

    @property
    def outcome_when_seen(self) -> tuple[str, str | None]:
        """(outcome, reason) before orders is asked anything: to be imported, skipped or failed."""
        if not self.to_fulfil:
            return "skipped", f"Not to be fulfilled: the shop's status is '{self.shop_status}'."
        if self.problems:
            return "failed", " ".join(self.problems)
        return "pending", None


def stripped(value) -> str:
    """A text field of a shop's JSON, or "" for anything else (null, a number, a list)."""
    return value.strip() if isinstance(value, str) else ""


def delivery_address(first_name, last_name, company, street, street2, zipcode, city, country) -> dict:
    """orders' delivery fields from a shop's address: a company is the name, its person the contact."""
    name = " ".join(part for part in (stripped(first_name), stripped(last_name)) if part)
    return {"deliveryname": stripped(company) or name, "deliverycontactname": name if stripped(company) else None,
            "deliveryaddress": stripped(street), "deliveryaddress2": stripped(street2) or None,
            "deliveryzipcode": stripped(zipcode), "deliverycity": stripped(city),
            "deliverycountry": stripped(country).upper()}


def merged_lines(lines: list[tuple[str, int]]) -> list[dict]:
    """One order line per SKU (a shop lists a product twice when it was added twice; orders takes
    each product once), amounts added up, in the order first listed."""
    amounts: dict[str, int] = {}
    for sku, quantity in lines:
        amounts[sku] = amounts.get(sku, 0) + quantity
    return [{"productcode": sku, "amount": amount} for sku, amount in amounts.items()]
