# gongkai — the two front-door commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SHARED ?= $(abspath ../shared)
export GONGKAI_SHARED := $(SHARED)

.PHONY: install run test lint typecheck unit bench eval clean fuzz audit soak

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## run: the web application on http://127.0.0.1:8000/ with a SQLite file under ./var/ and
## the demo district (a year of requests; accounts and password are printed at start)
run: $(STAMP)
	env -u DATABASE_URL $(BIN)/gongkai serve --demo --host 127.0.0.1 --port 8000

## test: lint, type-check and the whole test suite
test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

## bench: every benchmark script under bench/, each printing its figures and targets
bench: $(STAMP)
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## fuzz: every reader on mutated seeds and corpus files for FUZZ_SECONDS (default 60);
## only the clear error may escape, crashing inputs are saved under var/fuzz/
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py

## soak: the site under gunicorn on 127.0.0.1, on SQLite and on a throw-away PostgreSQL, under
## bounded load (submissions by API and form, page reads), killed with -9 and its database
## crashed mid-load; prints throughput, p95 and PASS/FAIL, and counts every accepted request
## in the database (SOAK_* variables change counts and sizes, see scripts/soak.py)
soak: $(STAMP)
	$(BIN)/python scripts/soak.py

## audit: known vulnerabilities in the installed dependencies (needs the PyPI advisory
## service; without network it says so and does not fail)
audit: $(STAMP)
	@$(BIN)/python scripts/audit.py

eval: $(STAMP)
	$(BIN)/python scripts/eval.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis var
