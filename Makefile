# The two commands: `make run` (the embedded default with demo data) and `make test` (the whole suite).
PY ?= python3
UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell command -v $(PY))

.PHONY: run test lint install schemas bench clean

install: .venv/.installed

$(UV):
	$(PY) -m venv .tools
	.tools/bin/python -m pip install --quiet uv==$(UV_VERSION)

.venv/.installed: $(UV) Makefile uv.lock pyproject.toml contracts/pyproject.toml eventstore/pyproject.toml ledger/pyproject.toml verifier/pyproject.toml $(wildcard services/*/pyproject.toml)
	# bytecode compiled once here: a command that imports the libraries then starts in a third of the time
	$(UV) sync --all-packages --frozen --compile-bytecode
	touch $@

run: install
	.venv/bin/niangjia up

test: install
	.venv/bin/python -m pytest

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

schemas: install
	.venv/bin/python -m niangjia_contracts.schemas contracts/schemas

bench: install
	.venv/bin/python bench/run_all.py

clean:
	rm -rf .venv .tools .mypy_cache .ruff_cache .pytest_cache
