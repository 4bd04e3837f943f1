"""The orders service's contract: its RPC methods and the events it publishes.

Written down once, here. The service's tests check that it serves exactly these methods.
"""

RPC = {
    "health": {"args": [], "result": "{name, version, database: 'ok'|'unreachable', ok}"},
}

EVENTS: dict = {}
