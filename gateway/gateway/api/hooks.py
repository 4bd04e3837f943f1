"""/api/v1/hooks: webhooks as Picqer's. A customer key registers hooks for its own client's data;
an operator key registers its own, hearing every client's, or one for a client named with
`idfulfilment_customer`. Accounts keeps them and delivers (services/accounts/accounts/webhooks.py)."""
from flask import g, request

from gateway import rpc_client
from gateway.api import blueprint
from gateway.api.auth import customer_from_key_or, is_operator, refuse_unknown_arguments
from gateway.api.errors import ApiError
from gateway.api.picqer_format import json_body, offset_argument, with_picqer_times
from gateway.warehouse_scope import warehouse_scope


def _present(hook: dict) -> dict:
    return with_picqer_times(hook, "created_at")


def _hook_owner() -> int | None:
    """Whose hooks this key reaches: its client's, or (operator key) the named client's or the
    operator's own (None). A key limited to some warehouses would hear of orders and stock in the
    others: it gets no hooks."""
    if warehouse_scope() is not None:
        raise ApiError(403, "This API key is limited to some warehouses; webhooks tell of all of them.")
    return customer_from_key_or(request.args.get("idfulfilment_customer"))


# The operator key scope whose data each event tells of (the first part of its name).
SCOPE_OF_EVENT = {"orders": "orders", "picklists": "orders", "returns": "orders", "products": "stock",
                  "purchase_orders": "purchasing"}


def _refuse_events_beyond_the_keys_scopes(event) -> None:
    scopes = g.api_key.get("scopes")
    needed = SCOPE_OF_EVENT.get(str(event).split(".", 1)[0])
    if scopes is not None and needed is not None and needed not in scopes:
        raise ApiError(403, f"This API key is limited to: {', '.join(scopes)}; {event} tells of {needed}.")


def _key_hook(hook_id: int) -> dict:
    """The hook, if this key may reach it (an operator key: any); 404 otherwise."""
    accounts = rpc_client().accounts
    owner = _hook_owner()
    if is_operator() and owner is None:
        return accounts.get_hook_of_any_customer(hook_id)
    return accounts.get_hook(owner, hook_id)


@blueprint.get("/hooks")
def list_hooks():
    """The hooks this key reaches, 100 a page; an operator key without `idfulfilment_customer`
    sees every hook, its own and every client's."""
    refuse_unknown_arguments()
    accounts, owner = rpc_client().accounts, _hook_owner()
    if is_operator() and owner is None:
        return [_present(hook) for hook in accounts.list_hooks_of_all_customers(offset_argument())]
    return [_present(hook) for hook in accounts.list_hooks(owner, offset_argument())]


@blueprint.post("/hooks")
def create_hook():
    """Register a hook: `{"name": "Orders to ERP", "event": "orders.created",
    "address": "https://erp.example/picqer", "secret": "a long random text"}` → 201. Every
    event is POSTed to the address as Picqer's `{"idhook", "name", "event", "event_triggered_at",
    "data"}`, signed with `X-Picqer-Signature` when a secret is given, with `X-Delivery-Id`."""
    body = json_body()
    owner = customer_from_key_or(body.pop("idfulfilment_customer", None))
    if warehouse_scope() is not None:
        raise ApiError(403, "This API key is limited to some warehouses; webhooks tell of all of them.")
    _refuse_events_beyond_the_keys_scopes(body.get("event"))
    return _present(rpc_client().accounts.create_hook(owner, body)), 201


@blueprint.get("/hooks/<int:hook_id>")
def get_hook(hook_id: int):
    return _present(_key_hook(hook_id))


@blueprint.delete("/hooks/<int:hook_id>")
def deactivate_hook(hook_id: int):
    """Picqer's delete: the hook is deactivated (kept, `active: false`) and hears nothing more."""
    hook = _key_hook(hook_id)
    rpc_client().accounts.deactivate_hook(hook["idfulfilment_customer"], hook_id)
    return "", 204


@blueprint.post("/hooks/<int:hook_id>/reactivate")
def reactivate_hook(hook_id: int):
    """A deactivated hook (through the API, or after failing deliveries in a row: its
    `deactivated_reason` says which) hears events again; what waited for it is sent, in order."""
    hook = _key_hook(hook_id)
    return _present(rpc_client().accounts.reactivate_hook(hook["idfulfilment_customer"], hook_id))


@blueprint.get("/hooks/<int:hook_id>/deliveries")
def hook_deliveries(hook_id: int):
    """The hook's 50 newest deliveries: when, how many attempts, the receiver's last answer."""
    hook = _key_hook(hook_id)
    return [with_picqer_times(delivery, "created_at", "next_attempt_at", "delivered_at")
            for delivery in rpc_client().accounts.list_hook_deliveries(hook["idfulfilment_customer"], hook_id)]
