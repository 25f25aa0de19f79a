# Two commands do everything on a fresh machine:
#   make demo   -- set up, then recalculate the bundled example workbook
#   make test   -- set up, then run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint bench docs fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
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

clean:
	rm -rf $(VENV) build
