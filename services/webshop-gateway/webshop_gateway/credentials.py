"""A shop's credentials, encrypted at rest: Fernet (AES-128-CBC with an HMAC) from `cryptography`,
with keys from the environment, never from the database that holds what they protect.

`WEBSHOP_CREDENTIALS_KEY` holds one or more Fernet keys, comma-separated: the first encrypts, every
one decrypts, so a key is rotated by putting the new one first and re-saving the credentials.
"""
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from servicekit.config import env

KEY_VARIABLE = "WEBSHOP_CREDENTIALS_KEY"


class CredentialsKeyMissing(RuntimeError):
    """The service has no key to encrypt or decrypt shop credentials with: an operator's setting."""


class CredentialsUnreadable(RuntimeError):
    """Stored credentials that none of the keys decrypts (the key was replaced, not rotated)."""


def new_key() -> str:
    return Fernet.generate_key().decode()


def _cipher() -> MultiFernet:
    keys = [key.strip() for key in env(KEY_VARIABLE, "").split(",") if key.strip()]
    if not keys:
        raise CredentialsKeyMissing(f"{KEY_VARIABLE} is not set: shop credentials cannot be stored or read")
    return MultiFernet([Fernet(key) for key in keys])


def seal(credentials: dict) -> str:
    return _cipher().encrypt(json.dumps(credentials).encode()).decode()


def unseal(sealed: str) -> dict:
    try:
        return json.loads(_cipher().decrypt(sealed.encode()))
    except InvalidToken:
        raise CredentialsUnreadable(f"the shop's credentials cannot be decrypted with {KEY_VARIABLE}; "
                                    "link the shop again with its credentials") from None
