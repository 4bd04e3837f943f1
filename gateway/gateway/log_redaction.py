"""What may be logged of a request. Link tokens (invites, password resets) are credentials that
travel in the path, and so in access logs, error logs and Referer headers; they are replaced
wherever the gateway writes a path. API keys travel as the HTTP Basic user name: never logged."""
import re

REDACTED = "[token]"
_TOKEN_IN_PATH = re.compile(r"(/fulfilmentportal/(?:invite|password-reset)/)[^/?#\s\"]+")


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"\1" + REDACTED, text)
