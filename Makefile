# Two commands for a newcomer: `make run` and `make test`. Nothing needed beforehand but Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

run: $(STAMP)
	$(BIN)/neuvo migrate
	$(BIN)/neuvo demo --if-empty
	$(BIN)/neuvo serve

# ical.js and axe-core, read by the calendar and page tests (skipped without npm, failed in CI).
JS_STAMP := tests/js/node_modules/.package-lock.json
$(JS_STAMP): tests/js/package-lock.json
	if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/js --no-audit --no-fund; fi

# The browser code's types (tsc over frontend/, nothing emitted) and its pure functions (node --test)
# before the Python suite; like the npm step, left out on a machine without Node.
TSC := tests/js/node_modules/.bin/tsc
test: $(TEST_STAMP) $(JS_STAMP)
	if command -v node >/dev/null 2>&1; then $(TSC) --noEmit -p frontend && $(TSC) --noEmit -p frontend/tsconfig.kit.json && node --test tests/js/; fi
	$(BIN)/pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) neuvo.db neuvo.db-wal neuvo.db-shm
