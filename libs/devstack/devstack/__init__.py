"""The whole system on one machine, as `make run` starts it and as end-to-end tests use it."""
import servicekit  # noqa: F401  (first: it quiets eventlet's import-time notice before nameko loads)
