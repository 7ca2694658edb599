# Every target bootstraps .venv from pyproject.toml when it is missing or
# older than pyproject.toml, so `make generate` and `make test` work on a
# fresh clone with nothing but python3 (>= 3.11) on PATH.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: generate check test lint bench fuzz example mutation clean-venv

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## generate: spec/ -> generated/ (checks the spec first; atomic)
generate: $(STAMP)
	$(PY) -m generator

## check: fail when the spec checks fail or generated/ drifted from spec/
check: $(STAMP)
	$(PY) -m generator --check

## test: the whole test suite (the command CI runs)
test: $(STAMP)
	$(PY) -m pytest

## bench: the library against its peers (jsonschema-rs, pydantic, fastjsonschema,
## the SDK's TypeChecker, jsonschema, openapi-core), medians and ratios of one run
bench: $(STAMP) $(VENV)/.bench
	$(PY) bench/bench.py

$(VENV)/.bench: pyproject.toml | $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@

## fuzz: the property suite with the `thorough` hypothesis profile (100x the examples)
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=thorough $(PY) -m pytest tests/properties tests/library/test_fields.py \
		tests/library/test_wire_fuzz.py --hypothesis-show-statistics

## example: the sample consumer project, whose tests use the pytest plugin
example: $(STAMP)
	cd examples/consumer && ../../$(PY) -m pytest -q -p no:cacheprovider

## mutation: how many small bugs in the validation modules the tests catch
mutation: $(STAMP)
	$(PY) scripts/mutation.py $(MUTATION_ARGS)

## lint: ruff and mypy --strict on the hand-written code
lint: $(STAMP)
	$(PY) -m ruff check adspixel generator tests bench scripts examples
	$(PY) -m ruff format --check adspixel generator tests bench scripts examples
	$(PY) -m mypy

clean-venv:
	rm -rf $(VENV)
