"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106), and strength checks."""
import re

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


def _words(values) -> list[str]:
    """What a guesser knows of the account: each value, each side of an email's @, written
    together and word by word ("Bakkerij de Korenschoof" → bakkerijdekorenschoof, korenschoof;
    "els.vandam@acme.test" → elsvandam, vandam, acme)."""
    found = []
    for value in filter(None, values):
        for part in [value.lower(), *value.lower().split("@")]:
            words = [word for word in re.split(r"[^0-9a-z]+", part) if len(word) > 2]
            found += [part, "".join(re.split(r"[^0-9a-z]+", part)), *words]
    return list(dict.fromkeys(found))


def weakness(password: str, user_inputs=()) -> str | None:
    """Why `password` is too easy to guess, or None. `user_inputs` are what an attacker knows
    of the account (username, customer name, email address): built from them is weak too."""
    # zxcvbn gets slow on very long input, and long passwords are not the weak ones.
    result = zxcvbn(password[:64], user_inputs=_words(user_inputs))
    if result["score"] >= MINIMUM_STRENGTH:
        return None
    hint = result["feedback"].get("warning") or "Add more words or characters that are less common."
    return f"Too easy to guess. {hint}"


def check_password_strength(password: str) -> None:
    """A marshmallow validator: refuses common and easily guessed passwords."""
    if (why := weakness(password)):
        raise ValidationError(why)


def refuse_weak_password(password: str, user_inputs, error: type[Exception]) -> None:
    """Raise `error` ("password: ...") if the password is built from what is known of its account."""
    if (why := weakness(password, user_inputs)):
        raise error(f"password: {why}")
