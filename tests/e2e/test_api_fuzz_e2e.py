"""The running API fuzzed from its own description by schemathesis with every check it has
(server errors, statuses, content types, headers and bodies as described, invalid requests
refused, valid ones accepted, deleted objects gone, created ones readable, auth not ignored, …):
a run finds nothing. `make test` runs a bounded one (API_FUZZ_EXAMPLES cases per operation in
the fuzzing phase, 3 by default; the coverage and stateful phases as schemathesis plans them);
`make fuzz-api` runs longer.

Writes go through a fresh client's key, so that random requests change nothing the other tests
of this stack rely on; the operator key only reads. What the description cannot say is in
`schemathesis.toml` beside this file, each with its reason."""
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from e2e_api import create_customer
from openapi_check import SPEC_PATH

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "3"))
# The coverage phase (every boundary and every kind of invalid value of every parameter: most of
# the cases) runs with the client's key, on every operation that key may call; the operator key
# reads with generated cases only, unless API_FUZZ_OPERATOR_PHASES says otherwise (`make fuzz-api`).
OPERATOR_PHASES = os.environ.get("API_FUZZ_OPERATOR_PHASES", "examples,fuzzing,stateful")
# More of schemathesis' options, e.g. `--include-path-regex ^/tags` to fuzz some routes only.
EXTRA_OPTIONS = os.environ.get("API_FUZZ_OPTIONS", "").split()
CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def fuzz_failures(base_url: str, key: str, methods: list[str], report: Path,
                  phases: str = "examples,coverage,fuzzing,stateful") -> list[str]:
    """One line per unique failure (check, operation, what and how to repeat it) of a run of
    schemathesis with all its checks, as `key`, on the operations of `methods`."""
    command = [str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", str(SPEC_PATH),
               "--url", f"{base_url}/api/v1", "--auth", f"{key}:", "--checks", "all",
               "--phases", phases, "--max-examples", str(EXAMPLES), "--seed", "1", "--workers", "2", "--no-color",
               "--continue-on-failure", "--report", "ndjson", "--report-ndjson-path", str(report)]
    command += EXTRA_OPTIONS
    for method in methods:
        command += ["--include-method", method]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=report.parent)  # its cache there
    if not report.exists():
        raise AssertionError(f"schemathesis did not run ({run.returncode}):\n{run.stdout[-3000:]}{run.stderr[-3000:]}")
    return unique_failures(report)


def unique_failures(report: Path) -> list[str]:
    """Per check and operation, what failed, the first request that showed it and the answer."""
    failures = {}
    for line in report.read_text().splitlines():
        event = json.loads(line)
        if "ScenarioFinished" not in event:
            continue
        recorder = event["ScenarioFinished"].get("recorder") or {}
        for case_id, checks in (recorder.get("checks") or {}).items():
            for check in checks:
                if check.get("status") != "failure":
                    continue
                failure = (check.get("failure_info") or {}).get("failure") or {}
                case = (recorder.get("cases", {}).get(case_id) or {}).get("value") or {}
                response = (recorder.get("interactions", {}).get(case_id) or {}).get("response") or {}
                content = response.get("content") or {}
                answer = base64.b64decode(content["$base64"]).decode(errors="replace") if "$base64" in content else ""
                key = f"{check['name']} {failure.get('operation') or recorder.get('label')}: {failure.get('title')}"
                failures.setdefault(key, f"{key}\n    {failure.get('message', '')[:300]!r}\n    {case.get('method')} "
                                         f"{case.get('path')} query={case.get('query')} body={case.get('body')!r:.300}"
                                         f"\n    -> {response.get('status_code')} {answer[:300]}")
    return [failures[key] for key in sorted(failures)]


@pytest.mark.timeout(1200)  # 2 to 3 minutes on an idle machine; a shared one takes longer
def test_schemathesis_with_all_checks_finds_nothing(base_url, operator, rpc, tmp_path):
    customer_id = create_customer(operator, base_url)["idfulfilment_customer"]
    customer_key = rpc.accounts.create_api_key("customer", customer_id, "fuzz")["key"]
    failures = (fuzz_failures(base_url, operator.auth[0], ["GET"], tmp_path / "operator.ndjson", OPERATOR_PHASES)
                + fuzz_failures(base_url, customer_key, ["GET", "POST", "PUT", "DELETE"], tmp_path / "customer.ndjson"))
    assert not failures, f"{len(failures)} unique failures:\n" + "\n".join(failures)
