"""The accounts service's RPC entrypoints: parse, call one domain function, return a dict.

Every method is listed, with its arguments and result, in `accounts.contract`.
"""
from nameko.rpc import rpc

from accounts import __version__, api_keys, customers, logins
from accounts.exceptions import EXPECTED
from servicekit.health import FulfilmentService


class AccountsService(FulfilmentService):
    name = "accounts"
    version = __version__

    @rpc(expected_exceptions=EXPECTED)
    def create_customer(self, data):
        with self.db.unit_of_work() as uow:
            customer = customers.create_customer(uow, data)
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
    def authenticate_user(self, username, password):
        with self.db.unit_of_work() as uow:
            user = logins.authenticate_user(uow.session, username, password)
            uow.commit()
        return user

    @rpc(expected_exceptions=EXPECTED)
    def get_session_user(self, customer_id, user_id, session_version):
        with self.db.unit_of_work() as uow:
            return logins.get_session_user(uow.session, customer_id, user_id, session_version)

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
