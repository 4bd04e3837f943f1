"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from marshmallow import ValidationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()
# Verified against when the username is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


# zxcvbn's score 0..4; 2 is "somewhat guessable": enough against online guessing, which login
# throttling slows down, and it refuses the common passwords and keyboard walks.
MINIMUM_STRENGTH = 2


def check_password_strength(password: str) -> None:
    """A marshmallow validator: refuses common and easily guessed passwords."""
    # zxcvbn gets slow on very long input, and long passwords are not the weak ones.
    result = zxcvbn(password[:64])
    if result["score"] < MINIMUM_STRENGTH:
        hint = result["feedback"].get("warning") or "Add more words or characters that are less common."
        raise ValidationError(f"Too easy to guess. {hint}")
