"""The rules of shipping, as plain functions over plain data: the carriers there are, which
profiles a client may use, and a parcel's track & trace address."""
from datetime import datetime, timedelta
from urllib.parse import quote

from servicekit.config import env

# Picqer's carrier keys, and how each carrier calls itself.
CARRIERS = {"postnl": "PostNL", "dhl": "DHL", "dpd": "DPD", "ups": "UPS", "gls": "GLS", "bpost": "bpost"}
TRACKINGCODE = "{trackingcode}"


def may_use(allowed_profiles: list[int], profile_id: int) -> bool:
    """Whether a client with these allowed profiles may send with this one (none listed: all)."""
    return not allowed_profiles or profile_id in allowed_profiles


def tracktrace_url(pattern: str, trackingcode: str) -> str:
    """The carrier's page for a parcel: the pattern with the code in place of {trackingcode}
    (escaped, so a code cannot change the address it lands on)."""
    return pattern.replace(TRACKINGCODE, quote(trackingcode, safe=""))


# A shipment may be cancelled this long after it was made (Picqer's five minutes): the label is
# not yet with the carrier. Until then nobody is told it shipped. Tests shorten it.
CANCEL_WINDOW = timedelta(seconds=float(env("SHIPMENT_CANCEL_SECONDS", "300")))


def cancellable_until(created_at: datetime) -> datetime:
    return created_at + CANCEL_WINDOW


def may_cancel(created_at: datetime, now: datetime) -> bool:
    return now <= cancellable_until(created_at)


def window_in_words() -> str:
    seconds = int(CANCEL_WINDOW.total_seconds())
    return f"{seconds // 60} minutes" if seconds % 60 == 0 else f"{seconds} seconds"
