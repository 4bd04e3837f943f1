"""Whose clock a page reads: the client's own time zone (its customer's `timezone`, set by the
operator), else the portal's (PORTAL_TIMEZONE, Europe/Amsterdam: that of its Dutch and Belgian
clients). Times on the pages and the days the dashboard counts orders by both follow it."""
from flask import g


def select_timezone() -> str | None:
    user = g.get("user")
    return user.get("customer_timezone") if user else None
