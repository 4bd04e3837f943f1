import pytest

from webshop_gateway.credentials import (
    KEY_VARIABLE, CredentialsKeyMissing, CredentialsUnreadable, new_key, seal, unseal,
)

SECRET = {"consumer_key": "ck_live", "consumer_secret": "cs_very_secret"}


def test_sealed_credentials_hold_no_secret_in_the_clear_and_open_again():
    sealed = seal(SECRET)
    assert "cs_very_secret" not in sealed and "ck_live" not in sealed
    assert unseal(sealed) == SECRET


def test_a_rotated_key_still_opens_what_the_old_one_sealed(monkeypatch, credentials_key):
    sealed = seal(SECRET)
    monkeypatch.setenv(KEY_VARIABLE, f"{new_key()}, {credentials_key}")
    assert unseal(sealed) == SECRET


def test_a_replaced_key_says_the_shop_must_be_linked_again(monkeypatch):
    sealed = seal(SECRET)
    monkeypatch.setenv(KEY_VARIABLE, new_key())
    with pytest.raises(CredentialsUnreadable, match="link the shop again"):
        unseal(sealed)


def test_without_a_key_nothing_is_stored(monkeypatch):
    monkeypatch.delenv(KEY_VARIABLE)
    with pytest.raises(CredentialsKeyMissing, match=KEY_VARIABLE):
        seal(SECRET)
