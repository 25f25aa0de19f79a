# Two commands do everything on a fresh machine:
#   make demo   -- set up, then recalculate the bundled example workbook
#   make test   -- set up, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint bench docs fuzz dist pyodide-lock clean

# what the suite needs: the command line, the Dask cluster runner and the test tools
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[cli,cluster,dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/socroi demo

test: $(STAMP)
	$(BIN)/python -m pytest socroi_xl tests

lint: $(STAMP)
	$(BIN)/ruff check socroi_xl tests scripts benchmarks

docs: $(STAMP)
	$(BIN)/python -m socroi_xl.docgen

fuzz: $(STAMP)
	SOCROI_FUZZ=nightly $(BIN)/python -m pytest tests/fuzz -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_functions.py

# the release files: a pure-Python wheel and an sdist in dist/, checked by twine
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/python -m twine check --strict dist/*
	@ls -l dist

# refresh the stored Pyodide package list from the pyodide npm package (needs npm)
pyodide-lock:
	scripts/update_pyodide_lock.sh

clean:
	rm -rf $(VENV) build dist
