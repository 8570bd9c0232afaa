# Two commands do the whole set-up on a fresh clone:
#   make graph   build the graph of the bundled sample reports into exports/
#   make test    run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: graph test lint check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

graph: $(STAMP)
	$(BIN)/kg build --out exports

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

check: lint
	$(BIN)/mypy kg

clean:
	rm -rf $(VENV) build *.egg-info
