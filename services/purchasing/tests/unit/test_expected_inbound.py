"""What is on its way, grouped per product, soonest first (no broker, no database)."""
from datetime import date

from purchasing.expected_inbound import expected_by_product


def source(idproduct, kind, number, amount, expected_date=None):
    return {"idproduct": idproduct, "productcode": f"P-{idproduct}", "name": "Mug", "type": kind, "id": 1,
            "number": number, "status": "purchased", "amount": amount, "expected_date": expected_date}


def test_each_product_sums_what_comes_and_dates_its_soonest_arrival():
    rows = expected_by_product([
        source(1, "purchaseorder", "PO2026000002", 5),  # no date: after the dated ones
        source(1, "stocktransfer", "ST2026000001", 3, date(2026, 12, 20)),
        source(2, "purchaseorder", "PO2026000003", 4, date(2026, 12, 5)),
        source(1, "purchaseorder", "PO2026000001", 2, date(2026, 12, 10)),
    ])
    assert [(r["idproduct"], r["amount_expected"], r["first_expected_date"]) for r in rows] == [
        (2, 4, "2026-12-05"), (1, 10, "2026-12-10")]
    assert [(s["number"], s["expected_date"]) for s in rows[1]["sources"]] == [
        ("PO2026000001", "2026-12-10"), ("ST2026000001", "2026-12-20"), ("PO2026000002", None)]


def test_a_product_coming_without_any_date_is_listed_last():
    rows = expected_by_product([source(3, "stocktransfer", "ST2026000004", 1), source(4, "purchaseorder", "PO1", 1,
                                                                                      date(2027, 1, 1))])
    assert [(r["idproduct"], r["first_expected_date"]) for r in rows] == [(4, "2027-01-01"), (3, None)]
    assert expected_by_product([]) == []
