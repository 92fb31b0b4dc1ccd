# gongkai — the two front-door commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SHARED ?= $(abspath ../shared)
export GONGKAI_SHARED := $(SHARED)

.PHONY: install run test lint typecheck unit unit-compiled compiled bench eval clean fuzz audit soak

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# The report core compiled with mypyc, as a release wheel installs it (setup.py), in a copy of the
# package under var/compiled: the editable install stays interpreted so that edits count.
# The script compiles again only when the compiled modules' sources (or setup.py, or itself)
# changed, and otherwise copies the package's other changed files: run it before every use.
COMPILED  := var/compiled
compiled: $(STAMP)
	$(BIN)/python scripts/compile_core.py $(COMPILED)

# the tests of reading and checking, run again on the compiled core
CORE_TESTS := tests/test_labels.py tests/test_layouts.py tests/test_seeds.py tests/test_rules.py \
	tests/test_corpus.py tests/test_readers_corpus.py tests/test_readers_decode.py \
	tests/test_properties.py tests/test_rollup.py tests/test_cli.py tests/test_batch_parts.py \
	tests/test_cellrows.py tests/test_readers_html.py tests/test_readers_docx.py \
	tests/test_readers_xlsx.py tests/test_readers_pdf.py

## run: the web application on http://127.0.0.1:8000/ with a SQLite file under ./var/ and
## the demo district (a year of requests; accounts and password are printed at start)
run: $(STAMP)
	env -u DATABASE_URL $(BIN)/gongkai serve --demo --host 127.0.0.1 --port 8000

## test: lint, type-check and the whole test suite
test: lint typecheck unit unit-compiled

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts setup.py
	$(BIN)/ruff format --check src

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

unit-compiled: compiled
	@if [ "$$(cat $(COMPILED)/STATUS)" = compiled ]; then \
	  echo "== the core's tests on the compiled core ($(COMPILED))"; \
	  PYTHONPATH=$(COMPILED) $(BIN)/python -m pytest -p no:cacheprovider $(CORE_TESTS); \
	else echo "== compiled core not tested: $$(cat $(COMPILED)/STATUS)"; fi

## bench: every benchmark script under bench/, each printing its figures and targets
bench: $(STAMP) compiled
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
