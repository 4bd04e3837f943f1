"""What the reconciliations repair, counted for Prometheus: a step that failed half way (a
service or the broker away) and was finished late. A few after an outage are the design working;
a steady rate means something keeps failing."""
from prometheus_client import Counter

REPAIRS = Counter("fulfilment_reconciliation_repairs", "Steps a reconciliation finished or corrected, by kind",
                  ["service", "repair"])


def count_repair(service: str, repair: str) -> None:
    REPAIRS.labels(service, repair).inc()
