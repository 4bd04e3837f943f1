import ast
from pathlib import Path

import catalog
from accounts import contract as accounts_contract
from catalog import contract
from catalog.service import CatalogService
from servicekit.testing import field_paths


def called_name(call: ast.Call) -> str | None:
    return getattr(call.func, "attr", None) or getattr(call.func, "id", None)


def dispatched_event_types() -> set[str]:
    """Event names the catalog code passes to `add_event`, `gathered_event` or `products.announce`,
    read from its source."""
    found = set()
    for path in Path(catalog.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and called_name(node) in ("add_event", "gathered_event", "announce"):
                found.update(argument.value for argument in node.args
                             if isinstance(argument, ast.Constant) and isinstance(argument.value, str))
    return found


def handled_events() -> set[tuple[str, str]]:
    return {(entrypoint.source_service, entrypoint.event_type)
            for name in dir(CatalogService)
            for entrypoint in getattr(getattr(CatalogService, name), "nameko_entrypoints", ())
            if hasattr(entrypoint, "event_type")}


def test_published_events_are_exactly_those_in_the_contract():
    assert dispatched_event_types() == set(contract.EVENTS)


def test_handled_events_are_exactly_those_the_contract_consumes():
    assert handled_events() == set(contract.CONSUMES)


def test_catalog_reads_only_fields_accounts_promises_in_customer_created():
    published = field_paths(accounts_contract.EVENTS["customer_created"])
    consumed = field_paths(contract.CONSUMES[("accounts", "customer_created")])
    assert consumed <= published, sorted(consumed - published)
