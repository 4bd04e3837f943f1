"""The client's webhooks in the portal (Picqer's /hooks, registered with its API keys, kept and
delivered by accounts): each hook with its state, its recent deliveries with how each went, a
delivery sent again and a deactivated hook switched on again. For client admins (permission
"users", who manage the API keys that register hooks), and, as for those keys, not for a user
limited to some warehouses: a hook tells of all of them."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from nameko.exceptions import RemoteError

from gateway import rpc_client
from gateway.portal import blueprint
from gateway.portal.permissions import has_permission, permission_required
from gateway.portal.session_user import current_customer_id
from gateway.portal.users import ActionForm
from gateway.warehouse_scope import warehouse_scope


@blueprint.app_template_global()
def may_see_hooks() -> bool:
    """For the menu: whether the Webhooks page is this user's to open."""
    return has_permission("users") and warehouse_scope() is None


def _hooks_allowed() -> None:
    if warehouse_scope() is not None:
        abort(403)


def _own_hook(hook_id: int) -> dict:
    try:
        return rpc_client().accounts.get_hook(current_customer_id(), hook_id)
    except RemoteError as error:
        if error.exc_type == "HookNotFound":
            abort(404)
        raise


@blueprint.get("/webhooks")
@permission_required("users")
def hooks():
    _hooks_allowed()
    return render_template("portal/hooks.html", hooks=rpc_client().accounts.list_hooks(current_customer_id(), 0))


@blueprint.get("/webhooks/<int:hook_id>")
@permission_required("users")
def hook(hook_id: int):
    _hooks_allowed()
    found = _own_hook(hook_id)
    deliveries = rpc_client().accounts.list_hook_deliveries(current_customer_id(), hook_id)
    return render_template("portal/hook.html", hook=found, deliveries=deliveries, action=ActionForm())


@blueprint.post("/webhooks/<int:hook_id>/reactivate")
@permission_required("users")
def reactivate_hook(hook_id: int):
    _hooks_allowed()
    _own_hook(hook_id)
    if ActionForm().validate_on_submit():
        rpc_client().accounts.reactivate_hook(current_customer_id(), hook_id)
        flash(_("The webhook is active again; what waited for it is being sent."))
    return redirect(url_for("portal.hook", hook_id=hook_id))


@blueprint.post("/webhooks/<int:hook_id>/resend")
@permission_required("users")
def resend_hook_delivery(hook_id: int):
    _hooks_allowed()
    _own_hook(hook_id)
    if ActionForm().validate_on_submit():
        try:
            rpc_client().accounts.resend_hook_delivery(current_customer_id(), hook_id,
                                                        request.form.get("delivery_id", ""))
        except RemoteError as error:
            if error.exc_type != "HookNotFound":
                raise
            flash(_("That delivery is no longer kept, so it cannot be sent again."))
        else:
            flash(_("The delivery will be sent again within seconds, after what still waits for this webhook."))
    return redirect(url_for("portal.hook", hook_id=hook_id, _anchor="deliveries"))
