"""End-to-end: all five services and the gateway running as `make run` runs them, on databases
and a broker vhost of their own (a running `make run` is not disturbed), reached over real HTTP
and a real browser."""
import os
import sys
import tempfile
from pathlib import Path

import pytest
import requests
from nameko.standalone.rpc import ClusterRpcProxy

# The fake shops (WooCommerce, Shopify) the webshop tests link: shared with webshop_gateway's tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fake_shops"))

from e2e_api import E2E_AMQP_URI  # noqa: E402
from e2e_stack import operator_session, running_stack  # noqa: E402

ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")
OPERATOR_KEY = "e2e-operator-key"


@pytest.fixture(scope="session")
def mail_dir() -> str:
    """Where accounts writes the emails it sends (no SMTP_URL): tests read invites from here."""
    return tempfile.mkdtemp(prefix="e2e-mail-")


@pytest.fixture(scope="session")
def stack_log() -> str:
    """Everything the processes wrote (access log included), for tests that read the logs."""
    return os.path.join(tempfile.mkdtemp(prefix="e2e-log-"), "stack.log")


@pytest.fixture(scope="session")
def stack(mail_dir, stack_log):
    # Shipped mails wait until the parcel can no longer be cancelled: seconds here, not minutes.
    # Webhook receivers in the tests listen on this machine: hooks may go to private addresses.
    # Shops are asked for orders every second, so that a test sees them arrive; tracking codes go
    # back to them a second after the parcel's window closes.
    settings = {"SECRET_KEY": "e2e-secret", "MAIL_DIR": mail_dir, "SMTP_URL": "", "SHIPMENT_CANCEL_SECONDS": "8",
                "WEBHOOKS_TO_PRIVATE_ADDRESSES": "true", "WEBSHOP_POLL_SECONDS": "1", "SHOP_UPDATE_GRACE_SECONDS": "1"}
    with open(stack_log, "w") as log, running_stack("e2e", E2E_AMQP_URI, settings, log) as running:
        yield running


@pytest.fixture(scope="session")
def rpc(stack):
    """Direct RPC for arranging what the API cannot do yet (keys of one customer)."""
    with ClusterRpcProxy({"AMQP_URI": E2E_AMQP_URI, "serializer": "json"}) as proxy:
        yield proxy


@pytest.fixture(scope="session")
def base_url(stack) -> str:
    return stack.settings.base_url


@pytest.fixture(scope="session")
def operator(rpc) -> requests.Session:
    """An API client with an operator key."""
    return operator_session(rpc.accounts, OPERATOR_KEY, "e2e operator")


@pytest.fixture(scope="session")
def artifacts_dir() -> str:
    os.makedirs(ARTIFACTS, exist_ok=True)
    return os.path.abspath(ARTIFACTS)
