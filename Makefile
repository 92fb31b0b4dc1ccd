# gongkai — the two front-door commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
SHARED ?= $(abspath ../shared)
export GONGKAI_SHARED := $(SHARED)

.PHONY: install run test lint typecheck unit bench eval clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## run: what gongkai does today — read and check the two seed reports, render one
run: $(STAMP)
	@for f in $(SHARED)/seeds/*.txt; do \
	  echo "== gongkai check $$f"; $(BIN)/gongkai check "$$f"; \
	done
	@echo "== gongkai parse (first lines of the interchange JSON)"
	@$(BIN)/gongkai parse $(SHARED)/seeds/000_49c6c62204b3e30b.txt | head -20
	@echo "== gongkai render --to md (table 三, first rows)"
	@$(BIN)/gongkai render $(SHARED)/seeds/000_49c6c62204b3e30b.txt --to md -o - | grep -A6 '申请人情况'

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

eval: $(STAMP)
	$(BIN)/python scripts/eval.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis var
