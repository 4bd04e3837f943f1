"""The accounts service's RPC entrypoints: each calls one domain function in a transaction.

Every method is listed, with its arguments and result, in `accounts.contract`.
"""
from nameko.events import event_handler
from servicekit.rpc import rpc
from nameko.timer import timer

from accounts import (__version__, addresses, api_keys, branding, customers, hooks, logins, mail, password_resets,
                      rounds, shipment_mails, stock_alerts, users, webhooks, webshop_alerts)
from accounts.exceptions import EXPECTED, InvalidCredentials, WrongPassword
from servicekit.health import FulfilmentService


def _raised(answer):
    """A refusal the domain returned instead of raising is raised here, after the commit that
    recorded it (a failed attempt) for throttling."""
    if isinstance(answer, (InvalidCredentials, WrongPassword)):
        raise answer
    return answer


class AccountsService(FulfilmentService):
    name = "accounts"
    version = __version__
    database_readings = (mail.QUEUE_READING,)

    @timer(interval=1)
    def send_due(self):
        """Reset links, queued mail and webhook deliveries: one SELECT when none waits."""
        rounds.send_due(self.db)

    @timer(interval=60)
    def prune(self):
        rounds.prune(self.db)

    # Customers (operator)

    @rpc(expected_exceptions=EXPECTED)
    def create_customer(self, data):
        return self.db.change(customers.create_customer, data)

    @rpc(expected_exceptions=EXPECTED)
    def update_customer(self, customer_id, data):
        return self.db.change(customers.update_customer, customer_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def get_customer(self, customer_id):
        return self.db.read(customers.get_customer, customer_id)

    @rpc
    def list_customers(self, offset=0):
        return self.db.read(customers.list_customers, offset)

    @rpc
    def find_customer_by_name(self, name):
        return self.db.read(customers.find_customer_by_name, name)

    # Logins and sessions

    @rpc(expected_exceptions=EXPECTED)
    def authenticate_user(self, username, password, address=None):
        return _raised(self.db.change(logins.authenticate_user, username, password, address))

    @rpc(expected_exceptions=EXPECTED)
    def get_session_user(self, customer_id, user_id, session_version):
        return self.db.read(logins.get_session_user, customer_id, user_id, session_version)

    @rpc(expected_exceptions=EXPECTED)
    def end_sessions(self, customer_id, user_id, session_version):
        return self.db.change(logins.end_sessions, customer_id, user_id, session_version)

    # Portal users

    @rpc(expected_exceptions=EXPECTED)
    def create_user(self, customer_id, data, by_user_id=None):
        return _raised(self.db.change(users.create_user, customer_id, data, by_user_id))

    @rpc(expected_exceptions=EXPECTED)
    def list_users(self, customer_id):
        return self.db.read(users.list_users, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_user(self, customer_id, user_id):
        return self.db.read(users.get_user, customer_id, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def update_user(self, customer_id, user_id, data, by_user_id=None):
        return self.db.change(users.update_user, customer_id, user_id, data, by_user_id)

    @rpc(expected_exceptions=EXPECTED)
    def resend_invite(self, customer_id, user_id):
        return self.db.change(users.resend_invite, customer_id, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def check_link(self, purpose, token):
        return self.db.read(users.check_link, purpose, token)

    @rpc(expected_exceptions=EXPECTED)
    def set_password_with_link(self, purpose, token, password):
        return self.db.change(users.set_password_with_link, purpose, token, password)

    @rpc(expected_exceptions=EXPECTED)
    def request_password_reset(self, username_or_email, address=None):
        return self.db.change(password_resets.request_password_reset, username_or_email, address)

    @rpc(expected_exceptions=EXPECTED)
    def change_password(self, customer_id, user_id, current_password, new_password):
        return _raised(self.db.change(users.change_password, customer_id, user_id, current_password, new_password))

    @rpc(expected_exceptions=EXPECTED)
    def update_own_settings(self, customer_id, user_id, data):
        return _raised(self.db.change(users.update_own_settings, customer_id, user_id, data))

    # API keys

    @rpc(expected_exceptions=EXPECTED)
    def create_api_key(self, scope, customer_id, name, key=None, scopes=None):
        return self.db.change(api_keys.create_api_key, scope, customer_id, name, key, scopes)

    @rpc(expected_exceptions=EXPECTED)
    def authenticate_api_key(self, key):
        return self.db.read(api_keys.authenticate_api_key, key)

    @rpc(expected_exceptions=EXPECTED)
    def create_customer_api_key(self, customer_id, name, made_by_user_id=None):
        return self.db.change(api_keys.create_customer_api_key, customer_id, name, made_by_user_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_api_keys(self, customer_id):
        return self.db.read(api_keys.list_api_keys, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def revoke_api_key(self, customer_id, key_id):
        return self.db.change(api_keys.revoke_api_key, customer_id, key_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_operator_api_keys(self):
        return self.db.read(api_keys.list_operator_api_keys)

    @rpc(expected_exceptions=EXPECTED)
    def set_api_key_rate_limit(self, key_id, rate_limit):
        return self.db.change(api_keys.set_rate_limit, key_id, rate_limit)

    # Address book

    @rpc(expected_exceptions=EXPECTED)
    def list_addresses(self, customer_id):
        return self.db.read(addresses.list_addresses, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_address(self, customer_id, address_id):
        return self.db.read(addresses.get_address, customer_id, address_id)

    @rpc(expected_exceptions=EXPECTED)
    def create_address(self, customer_id, data):
        return self.db.change(addresses.create_address, customer_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def update_address(self, customer_id, address_id, data):
        return self.db.change(addresses.update_address, customer_id, address_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def delete_address(self, customer_id, address_id):
        return self.db.change(addresses.delete_address, customer_id, address_id)

    # Portal branding

    @rpc(expected_exceptions=EXPECTED)
    def get_branding(self, customer_id=None):
        return self.db.read(branding.get_branding, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_branding(self, customer_id, data):
        return self.db.change(branding.set_branding, customer_id, data)

    @rpc
    def find_customer_by_domain(self, host):
        return self.db.read(branding.find_customer_by_domain, host)

    @rpc(expected_exceptions=EXPECTED)
    def get_portal_branding(self, customer_id, language=None):
        return self.db.read(branding.get_portal_branding, customer_id, language)

    @rpc(expected_exceptions=EXPECTED)
    def get_portal_logo(self, customer_id):
        return self.db.read(branding.get_portal_logo, customer_id)

    # Webhooks (Picqer's /hooks); None as customer_id: the operator's own

    @rpc(expected_exceptions=EXPECTED)
    def create_hook(self, customer_id, data):
        return self.db.change(hooks.create_hook, customer_id, data)

    @rpc(expected_exceptions=EXPECTED)
    def list_hooks(self, customer_id, offset=0):
        return self.db.read(hooks.list_hooks, customer_id, offset)

    @rpc
    def list_hooks_of_all_customers(self, offset=0):
        return self.db.read(hooks.list_hooks_of_all_customers, offset)

    @rpc(expected_exceptions=EXPECTED)
    def get_hook(self, customer_id, hook_id):
        return self.db.read(hooks.get_hook, customer_id, hook_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_hook_of_any_customer(self, hook_id):
        return self.db.read(hooks.get_hook_of_any_customer, hook_id)

    @rpc(expected_exceptions=EXPECTED)
    def deactivate_hook(self, customer_id, hook_id):
        return self.db.change(hooks.deactivate_hook, customer_id, hook_id)

    @rpc(expected_exceptions=EXPECTED)
    def reactivate_hook(self, customer_id, hook_id):
        return self.db.change(hooks.reactivate_hook, customer_id, hook_id)

    @rpc(expected_exceptions=EXPECTED)
    def list_hook_deliveries(self, customer_id, hook_id):
        return self.db.read(hooks.list_hook_deliveries, customer_id, hook_id)

    @rpc(expected_exceptions=EXPECTED)
    def resend_hook_delivery(self, customer_id, hook_id, delivery_id):
        return self.db.change(hooks.resend_hook_delivery, customer_id, hook_id, delivery_id)

    @event_handler("orders", "order_created")
    def handle_order_created(self, payload):
        webhooks.deliver_event(self.db, "orders", "order_created", payload)

    @event_handler("orders", "orders_processed")
    def handle_orders_processed(self, payload):
        webhooks.deliver_event(self.db, "orders", "orders_processed", payload)

    @event_handler("orders", "order_cancelled")
    def handle_order_cancelled(self, payload):
        webhooks.deliver_event(self.db, "orders", "order_cancelled", payload)

    @event_handler("orders", "orders_allocated")
    def handle_orders_allocated(self, payload):
        webhooks.deliver_event(self.db, "orders", "orders_allocated", payload)

    @event_handler("orders", "order_completed")
    def handle_order_completed(self, payload):
        webhooks.deliver_event(self.db, "orders", "order_completed", payload)

    @event_handler("orders", "picklist_closed")
    def handle_picklist_closed(self, payload):
        webhooks.deliver_event(self.db, "orders", "picklist_closed", payload)

    @event_handler("catalog", "free_stock_changed")
    def handle_free_stock_changed(self, payload):
        webhooks.deliver_event(self.db, "catalog", "free_stock_changed", payload)

    # Stock alerts by email (and the same events' webhooks)

    @event_handler("catalog", "stock_fell_below_minimum")
    def handle_stock_fell_below_minimum(self, payload):
        self.db.change(stock_alerts.queue_low_stock_alert_once, payload)

    @event_handler("orders", "orders_backordered")
    def handle_orders_backordered(self, payload):
        self.db.change(stock_alerts.queue_stockout_alerts_once, payload)

    @event_handler("webshop_gateway", "webshop_sync_failed")
    def handle_webshop_sync_failed(self, payload):
        self.db.change(webshop_alerts.queue_sync_failed_alert_once, payload)

    @event_handler("purchasing", "goods_received")
    def handle_goods_received(self, payload):
        self.db.change(stock_alerts.queue_goods_received_alert_once, payload)
        webhooks.deliver_event(self.db, "purchasing", "goods_received", payload)

    @event_handler("orders", "order_shipped")
    def handle_order_shipped(self, payload):
        self.db.change(shipment_mails.queue_shipped_mail_once, payload)
        webhooks.deliver_event(self.db, "orders", "order_shipped", payload)

    @event_handler("orders", "shipment_cancelled")
    def handle_shipment_cancelled(self, payload):
        self.db.change(shipment_mails.withdraw_shipped_mail, payload)

    @event_handler("orders", "return_status_changed")
    def handle_return_status_changed(self, payload):
        self.db.change(shipment_mails.queue_return_mail_once, payload)
        webhooks.deliver_event(self.db, "orders", "return_status_changed", payload)
