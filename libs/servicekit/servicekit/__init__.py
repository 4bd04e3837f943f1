"""The few pieces every fulfilment service shares, and nothing more.

- `config`: settings from environment variables with local defaults.
- `messaging_tables`: the outbox and processed-events tables each service database holds.
- `unit_of_work` / `outbox`: one transaction for a state change and its events; the relay that
  publishes those events after commit.
- `database`: the nameko dependency that wires the two together inside a service.
- `migrate` / `run`: command-line entry points (`python -m servicekit.migrate accounts`).
"""

import warnings

# nameko imports eventlet, which warns on import that it is in maintenance mode; we know, and
# keep eventlet confined to nameko's runner (see DESIGN.md).
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
