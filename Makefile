# Two commands do the whole set-up on a fresh clone:
#   make graph   build the graph of the bundled sample reports into exports/
#   make test    run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: graph test browser lint check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

graph: $(STAMP)
	$(BIN)/kg build --out exports

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The browser tests (and kg viz --png) need Chromium and a CJK font, Debian packages, not pip
# ones. Installed here only when missing and running as root (as CI does); anyone else gets a
# note, and the browser tests skip (unless KG_REQUIRE_BROWSER=1).
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q 'Noto Sans CJK'; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      chromium fonts-noto-cjk; \
	  else \
	    echo "note: chromium or fonts-noto-cjk missing: browser tests skip (apt-get install chromium fonts-noto-cjk)"; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests

check: lint
	$(BIN)/mypy kg

clean:
	rm -rf $(VENV) build *.egg-info
