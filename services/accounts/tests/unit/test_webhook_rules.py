"""The plain rules of webhook delivery: what a receiver is sent, where it may be sent, and when
a failed delivery is tried again."""
import socket
from datetime import timedelta

import pytest

from accounts.webhooks import pause_after, picqer_values, private_destination, signature


def test_times_read_as_picqer_writes_them_and_prices_as_numbers():
    order = {"created": "2026-11-23T18:00:00.5+01:00", "reference": "2026-11-23", "price": "12.50",
             "products": [{"price": "3.00", "name": "12.50"}], "history": [{"created_at": "2026-11-23T17:00:00Z"}]}
    assert picqer_values(order) == {"created": "2026-11-23 17:00:00", "reference": "2026-11-23", "price": 12.5,
                                    "products": [{"price": 3.0, "name": "12.50"}],
                                    "history": [{"created_at": "2026-11-23 17:00:00"}]}


def test_the_signature_is_the_base64_hmac_sha256_of_the_raw_body():
    # echo -n '{"a":1}' | openssl dgst -sha256 -hmac secret -binary | base64
    assert signature("secret", b'{"a":1}') == "qp4uNXX11wmLbKzNeQiIw21f22M0KnO62i1qUXR6hJQ="


def test_the_pause_doubles_up_to_an_hour():
    assert [pause_after(attempt, 10) for attempt in (1, 2, 3)] == [timedelta(seconds=s) for s in (10, 20, 40)]
    assert pause_after(50, 10) == timedelta(hours=1)


@pytest.mark.parametrize("address", ["http://127.0.0.1:5672/", "http://10.1.2.3/", "http://[::1]/x",
                                     "http://169.254.169.254/latest/meta-data", "http://localhost:15672/",
                                     f"http://{socket.gethostname()}/"])
def test_hooks_are_not_sent_to_this_network(address, monkeypatch):
    monkeypatch.delenv("WEBHOOKS_TO_PRIVATE_ADDRESSES", raising=False)
    assert "public addresses only" in private_destination(address)


def test_a_public_address_may_be_sent_to_and_development_may_send_anywhere(monkeypatch):
    monkeypatch.delenv("WEBHOOKS_TO_PRIVATE_ADDRESSES", raising=False)
    assert private_destination("https://93.184.215.14/hook") is None
    assert private_destination("https://erp.example.com/hook", resolve=False) is None  # registering asks no DNS
    monkeypatch.setenv("WEBHOOKS_TO_PRIVATE_ADDRESSES", "true")
    assert private_destination("http://127.0.0.1:8000/") is None
