"""What the logged-in user may do. accounts decides (`SessionUser.permissions`); the portal
shows or hides actions by it and refuses with 403 what the user may not do."""
from functools import wraps

from flask import abort, g

# The permissions a portal user can hold (accounts.contract lists the same names).
PERMISSIONS = ("products", "ordering", "purchasing", "returns", "webshops", "users")


def has_permission(name: str) -> bool:
    user = g.get("user") or {}
    return name in user.get("permissions", ())


def permission_required(name: str):
    """For views that change things: `@permission_required("products")`."""
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not has_permission(name):
                abort(403)
            return view(*args, **kwargs)
        return guarded
    return decorate
