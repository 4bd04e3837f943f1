"""The running API fuzzed from its own description (schemathesis): no request, however strange,
gets a server error, and every answer's status is one the description lists. A bounded run in
`make test` (API_FUZZ_EXAMPLES per operation, 3 by default); `make fuzz-api` runs longer.

Writes go through a fresh client's key, so that random requests change nothing the other tests
of this stack rely on; the operator key only reads."""
import os

import requests
import schemathesis
from e2e_api import create_customer
from hypothesis import HealthCheck, Phase, given, settings
from openapi_check import SPEC

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))


def fuzzed_answers(base_url: str, session, methods: set[str]) -> list[tuple[str, str, int, str]]:
    """(operation, request, status, body) of every answer: each operation with EXAMPLES cases."""
    answers = []
    for found in schemathesis.openapi.from_dict(SPEC).get_all_operations():
        operation = found.ok()
        if operation.method.upper() not in methods:
            continue

        @settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), derandomize=True, database=None)
        @given(case=operation.as_strategy())
        def call(case):
            response = case.call(base_url=f"{base_url}/api/v1", session=session)
            answers.append((f"{operation.method.upper()} {operation.path}",
                            f"{response.request.method} {response.request.url} {response.request.body!r:.200}",
                            response.status_code, response.content[:200].decode(errors="replace")))  # images are bytes

        call()
    return answers


def test_no_request_gets_a_server_error_or_an_undocumented_status(base_url, operator, rpc):
    client = requests.Session()
    client.auth = (rpc.accounts.create_api_key("customer", create_customer(operator, base_url)["idfulfilment_customer"],
                                               "fuzz")["key"], "")
    answers = (fuzzed_answers(base_url, operator, {"GET"})
               + fuzzed_answers(base_url, client, {"GET", "POST", "PUT", "DELETE"}))
    server_errors = [answer for answer in answers if answer[2] >= 500]
    assert not server_errors, "\n".join(map(str, server_errors))
    undocumented = sorted({(name, status) for name, _, status, _ in answers
                           if str(status) not in SPEC["paths"][name.split(" ", 1)[1]][name.split(" ", 1)[0].lower()]["responses"]})
    assert not undocumented, undocumented
