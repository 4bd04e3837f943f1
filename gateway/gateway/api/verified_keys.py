"""API keys accounts verified a moment ago, so that a request does not wait for an RPC to
accounts before its real work.

Each answer is kept for a few seconds (API_KEY_CACHE_SECONDS): a key revoked in accounts stops
working within that time everywhere. Only keys accounts accepted are kept; the keys themselves
are not, only their SHA-256 digests.
"""
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class VerifiedKeys:
    def __init__(self, seconds: float, max_keys: int = 10_000, clock: Callable[[], float] = time.monotonic):
        self._seconds, self._max_keys, self._clock = seconds, max_keys, clock
        self._verified: OrderedDict[bytes, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()  # the gateway's worker threads share it

    def identity(self, key: str, verify: Callable[[str], dict]) -> dict:
        """The key's identity: as verified less than `seconds` ago, else as `verify` says now
        (its errors pass through and nothing is kept)."""
        digest = hashlib.sha256(key.encode()).digest()
        now = self._clock()
        with self._lock:
            kept = self._verified.get(digest)
            if kept and kept[0] > now:
                return kept[1]
        identity = verify(key)
        with self._lock:
            self._verified[digest] = (now + self._seconds, identity)
            self._verified.move_to_end(digest)
            while len(self._verified) > self._max_keys:
                self._verified.popitem(last=False)
        return identity
