"""What the logged-in user may do. accounts decides (`SessionUser.permissions`); the portal
shows or hides actions by it and refuses with 403 what the user may not do."""
from functools import wraps

from flask import g
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import Forbidden

# The permissions a portal user can hold (accounts.contract lists the same names).
PERMISSIONS = ("products", "ordering", "purchasing", "returns", "webshops", "users")
PERMISSION_LABELS = {
    "products": _l("Product management"), "ordering": _l("Ordering"), "purchasing": _l("Purchasing"),
    "returns": _l("Returns"), "webshops": _l("Webshops"), "users": _l("User administration"),
}


def permissions_that_apply(can_manage_products: bool) -> list[str]:
    """The permissions that change something for this client: "products" only while the warehouse
    lets it manage its own products."""
    return [name for name in PERMISSIONS if name != "products" or can_manage_products]


class PermissionMissing(Forbidden):
    """A page the user may not open: the 403 page names the permission and who can grant it."""

    def __init__(self, permission: str):
        super().__init__()
        self.permission = permission


def has_permission(name: str) -> bool:
    user = g.get("user") or {}
    return name in user.get("permissions", ())


def permission_required(name: str):
    """For views that change things: `@permission_required("products")`."""
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not has_permission(name):
                raise PermissionMissing(name)
            return view(*args, **kwargs)
        return guarded
    return decorate
