"""Errors the purchasing service raises across RPC; the gateway maps each to an HTTP status.

None yet: the service answers only `health`.
"""

EXPECTED: tuple[type[Exception], ...] = ()
