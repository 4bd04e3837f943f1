"""The accounts service's RPC entrypoints: parse, call one domain function, return a dict.

Every method is listed, with its arguments and result, in `accounts.contract`.
"""
from nameko.rpc import rpc
from nameko.timer import timer

from accounts import __version__, addresses, api_keys, branding, customers, logins, mail, users
from accounts.exceptions import EXPECTED
from servicekit.health import FulfilmentService

class AccountsService(FulfilmentService):
    name = "accounts"
    version = __version__

    @timer(interval=1)
    def send_queued_mail(self):
        with self.db.unit_of_work() as uow:
            mail.send_queued(uow.session)
            uow.commit()

    @rpc(expected_exceptions=EXPECTED)
    def create_customer(self, data):
        with self.db.unit_of_work() as uow:
            customer = customers.create_customer(uow, data)
            uow.commit()
        return customer

    @rpc(expected_exceptions=EXPECTED)
    def update_customer(self, customer_id, data):
        with self.db.unit_of_work() as uow:
            customer = customers.update_customer(uow, customer_id, data)
            uow.commit()
        return customer

    @rpc(expected_exceptions=EXPECTED)
    def get_customer(self, customer_id):
        with self.db.unit_of_work() as uow:
            return customers.get_customer(uow.session, customer_id)

    @rpc
    def list_customers(self, offset=0):
        with self.db.unit_of_work() as uow:
            return customers.list_customers(uow.session, offset)

    @rpc
    def find_customer_by_name(self, name):
        with self.db.unit_of_work() as uow:
            return customers.find_customer_by_name(uow.session, name)

    @rpc(expected_exceptions=EXPECTED)
    def authenticate_user(self, username, password, address=None):
        with self.db.unit_of_work() as uow:
            try:
                return logins.authenticate_user(uow.session, username, password, address)
            finally:
                uow.commit()  # a failure is recorded too, for throttling

    @rpc(expected_exceptions=EXPECTED)
    def get_session_user(self, customer_id, user_id, session_version):
        with self.db.unit_of_work() as uow:
            return logins.get_session_user(uow.session, customer_id, user_id, session_version)

    @rpc(expected_exceptions=EXPECTED)
    def end_sessions(self, customer_id, user_id, session_version):
        with self.db.unit_of_work() as uow:
            logins.end_sessions(uow.session, customer_id, user_id, session_version)
            uow.commit()

    @rpc(expected_exceptions=EXPECTED)
    def create_user(self, customer_id, data):
        with self.db.unit_of_work() as uow:
            user, token = users.create_user(uow, customer_id, data)
            if token:
                mail.queue_link(uow.session, "invite", users.user_of(uow.session, customer_id, user["iduser"]), token)
            uow.commit()
        return user

    @rpc(expected_exceptions=EXPECTED)
    def list_users(self, customer_id):
        with self.db.unit_of_work() as uow:
            return users.list_users(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_user(self, customer_id, user_id):
        with self.db.unit_of_work() as uow:
            return users.get_user(uow.session, customer_id, user_id)

    @rpc(expected_exceptions=EXPECTED)
    def update_user(self, customer_id, user_id, data):
        with self.db.unit_of_work() as uow:
            user = users.update_user(uow.session, customer_id, user_id, data)
            uow.commit()
        return user

    @rpc(expected_exceptions=EXPECTED)
    def resend_invite(self, customer_id, user_id):
        with self.db.unit_of_work() as uow:
            user, token = users.reissue_invite(uow.session, customer_id, user_id)
            mail.queue_link(uow.session, "invite", user, token)
            uow.commit()

    @rpc(expected_exceptions=EXPECTED)
    def check_link(self, purpose, token):
        with self.db.unit_of_work() as uow:
            return users.check_link(uow.session, purpose, token)

    @rpc(expected_exceptions=EXPECTED)
    def set_password_with_link(self, purpose, token, password):
        with self.db.unit_of_work() as uow:
            user = users.set_password_with_link(uow.session, purpose, token, password)
            uow.commit()
        return user

    @rpc(expected_exceptions=EXPECTED)
    def request_password_reset(self, username_or_email):
        with self.db.unit_of_work() as uow:
            for user, token in users.request_password_reset(uow.session, username_or_email):
                mail.queue_link(uow.session, "reset", user, token)
            uow.commit()


    @rpc(expected_exceptions=EXPECTED)
    def change_password(self, customer_id, user_id, current_password, new_password):
        with self.db.unit_of_work() as uow:
            user = users.change_password(uow.session, customer_id, user_id, current_password, new_password)
            uow.commit()
        return user

    @rpc(expected_exceptions=EXPECTED)
    def update_own_settings(self, customer_id, user_id, data):
        with self.db.unit_of_work() as uow:
            user = users.update_own_settings(uow.session, customer_id, user_id, data)
            uow.commit()
        return user

    @rpc(expected_exceptions=EXPECTED)
    def create_api_key(self, scope, customer_id, name, key=None):
        with self.db.unit_of_work() as uow:
            api_key = api_keys.create_api_key(uow.session, scope, customer_id, name, key)
            uow.commit()
        return api_key

    @rpc(expected_exceptions=EXPECTED)
    def authenticate_api_key(self, key):
        with self.db.unit_of_work() as uow:
            return api_keys.authenticate_api_key(uow.session, key)

    @rpc(expected_exceptions=EXPECTED)
    def create_customer_api_key(self, customer_id, name):
        with self.db.unit_of_work() as uow:
            api_key = api_keys.create_customer_api_key(uow.session, customer_id, name)
            uow.commit()
        return api_key

    @rpc(expected_exceptions=EXPECTED)
    def list_api_keys(self, customer_id):
        with self.db.unit_of_work() as uow:
            return api_keys.list_api_keys(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def revoke_api_key(self, customer_id, key_id):
        with self.db.unit_of_work() as uow:
            api_keys.revoke_api_key(uow.session, customer_id, key_id)
            uow.commit()

    @rpc(expected_exceptions=EXPECTED)
    def list_addresses(self, customer_id):
        with self.db.unit_of_work() as uow:
            return addresses.list_addresses(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_address(self, customer_id, address_id):
        with self.db.unit_of_work() as uow:
            return addresses.get_address(uow.session, customer_id, address_id)

    @rpc(expected_exceptions=EXPECTED)
    def create_address(self, customer_id, data):
        with self.db.unit_of_work() as uow:
            address = addresses.create_address(uow.session, customer_id, data)
            uow.commit()
        return address

    @rpc(expected_exceptions=EXPECTED)
    def update_address(self, customer_id, address_id, data):
        with self.db.unit_of_work() as uow:
            address = addresses.update_address(uow.session, customer_id, address_id, data)
            uow.commit()
        return address

    @rpc(expected_exceptions=EXPECTED)
    def delete_address(self, customer_id, address_id):
        with self.db.unit_of_work() as uow:
            addresses.delete_address(uow.session, customer_id, address_id)
            uow.commit()

    @rpc(expected_exceptions=EXPECTED)
    def get_branding(self, customer_id=None):
        with self.db.unit_of_work() as uow:
            return branding.get_branding(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_branding(self, customer_id, data):
        with self.db.unit_of_work() as uow:
            result = branding.set_branding(uow.session, customer_id, data)
            uow.commit()
        return result

    @rpc(expected_exceptions=EXPECTED)
    def get_portal_branding(self, customer_id):
        with self.db.unit_of_work() as uow:
            return branding.get_portal_branding(uow.session, customer_id)

    @rpc(expected_exceptions=EXPECTED)
    def get_portal_logo(self, customer_id):
        with self.db.unit_of_work() as uow:
            return branding.get_portal_logo(uow.session, customer_id)
