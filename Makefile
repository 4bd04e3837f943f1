# Two commands for a newcomer: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
PACKAGES := $(wildcard libs/*/pyproject.toml services/*/pyproject.toml gateway/pyproject.toml)
TRANSLATIONS := gateway/gateway/translations
TEST_VHOSTS := fulfilment_test fulfilment_e2e fulfilment_bench fulfilment_faults

.PHONY: run test test-services test-e2e fuzz-api setup browser test-vhosts bench clean

run: setup ## start everything with demo data; prints the portal URL and logins
	$(PY) -m devstack

test: setup browser test-vhosts ## the whole suite: unit, service, gateway, end-to-end, browser, manifests
	$(MAKE) --no-print-directory test-services test-e2e

test-services: ## unit and service tests of libs/ and services/ (real PostgreSQL and RabbitMQ)
	$(VENV)/bin/nameko test libs services --suppress-nameko-eventlet-notification -q

test-e2e: ## gateway tests, then everything running, through HTTP and Chromium
	$(PY) -m pytest -p no:pytest_nameko gateway tests -q

fuzz-api: setup test-vhosts ## the API fuzzed from openapi.yaml longer than `make test` does
	API_FUZZ_EXAMPLES=$${API_FUZZ_EXAMPLES:-100} API_FUZZ_OPERATOR_PHASES=examples,coverage,fuzzing,stateful $(PY) -m pytest -p no:pytest_nameko tests/e2e/test_api_fuzz_e2e.py -q

setup: $(INSTALLED)

$(INSTALLED): constraints.txt requirements-dev.txt $(PACKAGES) $(TRANSLATIONS)/nl/LC_MESSAGES/messages.po
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# compat mode puts each package's folder on sys.path, so the `gateway/` folder at the top
	@# cannot shadow the `gateway` package when a command runs from here.
	$(VENV)/bin/pip install -q --disable-pip-version-check -c constraints.txt -r requirements-dev.txt \
		--config-settings editable_mode=compat $(addprefix -e ,$(dir $(PACKAGES)))
	$(VENV)/bin/pybabel compile -d $(TRANSLATIONS) >/dev/null
	touch $@

browser: ## Debian's Chromium for the browser tests (Playwright drives it; it downloads nothing)
	@command -v chromium >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium is missing: sudo apt-get install -y chromium"; exit 1; fi; }

test-vhosts: ## broker vhosts of their own, so tests never disturb a running `make run`
	@for vhost in $(TEST_VHOSTS); do \
		rabbitmqctl -q add_vhost $$vhost >/dev/null 2>&1 || true; \
		rabbitmqctl -q set_permissions -p $$vhost guest ".*" ".*" ".*" >/dev/null 2>&1 || true; \
	done

bench: setup test-vhosts ## benchmarks under bench/, each printing its figures against a baseline
	$(PY) bench/rpc_roundtrip.py
	$(PY) bench/order_api.py
	$(PY) bench/product_read.py
	$(PY) bench/order_cpu.py
	$(PY) bench/order_cpu.py --clients 16 --orders 400
	$(PY) bench/order_intake.py
	$(PY) bench/reservation_intake.py
	$(PY) bench/stock_history.py
	$(PY) bench/backorder_fill.py

clean:
	rm -rf $(VENV)
