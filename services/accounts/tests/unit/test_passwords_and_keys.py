from accounts.api_keys import digest, new_key
from accounts.passwords import hash_password, verify_password


def test_passwords_are_hashed_with_argon2id():
    password_hash = hash_password("correct horse")
    assert password_hash.startswith("$argon2id$")
    assert verify_password(password_hash, "correct horse")
    assert not verify_password(password_hash, "wrong horse")


def test_unknown_user_never_verifies():
    assert not verify_password(None, "not-a-real-password")


def test_api_keys_are_random_and_stored_as_digest():
    first, second = new_key(), new_key()
    assert first != second and len(first) > 40
    assert digest(first) != first and len(digest(first)) == 64
